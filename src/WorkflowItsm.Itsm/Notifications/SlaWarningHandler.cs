using Microsoft.Extensions.Logging;
using WorkflowItsm.Bpmn.ServiceTasks;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>
/// Tells the people working a task that its SLA is close to breach. For now the warning is written to the
/// structured log (operators see it there); in-app and email delivery come with the notifications feature.
/// </summary>
[ServiceTask("notify.sla-warning", DisplayName = "Notify SLA warning",
    Description = "Warns the assignee and the candidate groups that the SLA of the task is close to breach.")]
[ServiceTaskInput("message", ServiceTaskPropertyType.Text, Label = "Message", Description = "Text of the warning; a default names the task.")]
public sealed partial class SlaWarningHandler(ILogger<SlaWarningHandler> logger) : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var message = context.Inputs.TryGetValue("message", out var text) && text is string s && s.Length > 0
            ? s
            : $"SLA warning for {context.BusinessKey ?? context.ProcessInstanceId}";
        LogSlaWarning(logger, context.ProcessInstanceId, context.BusinessKey, context.ElementId, message);
        return ValueTask.FromResult(ServiceTaskResult.With(("slaWarningSent", true)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA warning: instance {InstanceId} ({BusinessKey}) at {ElementId}: {Text}")]
    private static partial void LogSlaWarning(ILogger logger, string instanceId, string? businessKey, string elementId, string text);
}
