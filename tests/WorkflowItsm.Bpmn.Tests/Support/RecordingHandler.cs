using WorkflowItsm.Bpmn.ServiceTasks;

namespace WorkflowItsm.Bpmn.Tests.Support;

/// <summary>A service-task handler that records its calls and answers with a function of the context.</summary>
internal sealed class RecordingHandler(Func<ServiceTaskContext, ServiceTaskResult>? respond = null) : IServiceTaskHandler
{
    public List<ServiceTaskContext> Calls { get; } = [];

    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        Calls.Add(context);
        return ValueTask.FromResult(respond?.Invoke(context) ?? ServiceTaskResult.Empty);
    }

    public static RecordingHandler Throwing(Exception exception) => new(_ => throw exception);
}
