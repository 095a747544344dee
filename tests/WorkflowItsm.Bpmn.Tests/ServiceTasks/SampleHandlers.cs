using WorkflowItsm.Bpmn.ServiceTasks;

namespace WorkflowItsm.Bpmn.Tests.ServiceTasks;

/// <summary>A scoped dependency, standing in for a DbContext.</summary>
public sealed class UnitOfWork
{
    public Guid Id { get; } = Guid.NewGuid();
}

[ServiceTask("incident.classify", DisplayName = "Classify incident", Description = "Sets category and priority from the short description.")]
[ServiceTaskInput("shortDescription", ServiceTaskPropertyType.String, Label = "Short description", Required = true)]
[ServiceTaskInput("details", ServiceTaskPropertyType.Text, Description = "Free text from the caller")]
[ServiceTaskInput("impact", ServiceTaskPropertyType.Enum, Label = "Impact", Required = true, Choices = ["high", "medium", "low"])]
[ServiceTaskInput("notifyCaller", ServiceTaskPropertyType.Boolean, Label = "Notify caller", Required = true)]
[ServiceTaskOutput("priority", ServiceTaskPropertyType.Long, Description = "1 (critical) to 5 (planning)")]
[ServiceTaskOutput("category", ServiceTaskPropertyType.String)]
public sealed class ClassifyIncidentHandler(UnitOfWork unitOfWork) : IServiceTaskHandler
{
    public UnitOfWork UnitOfWork { get; } = unitOfWork;

    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ServiceTaskResult.With(("priority", 2L), ("category", "network")));
}

[ServiceTask("notification.send")]
public sealed class SendNotificationHandler : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ServiceTaskResult.Empty);
}

/// <summary>Implements the interface but has no attribute: scanning must skip it.</summary>
public sealed class UnnamedHandler : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ServiceTaskResult.Empty);
}

/// <summary>Claims a taken name; internal, so assembly scanning (public types) does not see it.</summary>
[ServiceTask("notification.send")]
internal sealed class ClashingNotificationHandler : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ServiceTaskResult.Empty);
}

[ServiceTask("broken.enum")]
[ServiceTaskInput("level", ServiceTaskPropertyType.Enum)]
internal sealed class EnumWithoutChoicesHandler : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ServiceTaskResult.Empty);
}

[ServiceTask("broken.inputs")]
[ServiceTaskInput("a", ServiceTaskPropertyType.String)]
[ServiceTaskInput("a", ServiceTaskPropertyType.Long)]
internal sealed class DuplicateInputHandler : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ServiceTaskResult.Empty);
}
