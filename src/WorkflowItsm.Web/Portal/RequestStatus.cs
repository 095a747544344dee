using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Web.Portal;

/// <summary>Words a requester understands for where their request stands.</summary>
internal static class RequestStatus
{
    public static string Describe(InstanceRunStatus status) => status switch
    {
        InstanceRunStatus.Running => "In progress",
        InstanceRunStatus.Completed or InstanceRunStatus.Terminated => "Completed",
        InstanceRunStatus.Cancelled => "Cancelled",
        InstanceRunStatus.Faulted => "In progress (we are on it)",
        _ => status.ToString(),
    };
}
