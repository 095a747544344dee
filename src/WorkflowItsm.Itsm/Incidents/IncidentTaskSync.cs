using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Runtime.HumanTasks;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>
/// Keeps the record in step with the inbox: when an agent takes (or is given) an incident-triage task, the incident
/// gets that assignee and, if still New, moves to In progress — the response the response SLA waits for. Runs after the
/// task's commit in a scope of its own (the incident service itself drives the runtime that calls this).
/// </summary>
public sealed partial class IncidentTaskSync(IServiceScopeFactory scopes, ILogger<IncidentTaskSync> logger)
{
    public async Task TaskAssignedAsync(HumanTaskRecord task, string by, CancellationToken cancellationToken)
    {
        if (task.DefinitionKey != IncidentService.TriageProcess || task.BusinessKey is not { } number || task.Assignee is not { } assignee)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IncidentService>().TakeOnAsync(number, assignee, by, cancellationToken);
        }
        catch (Exception failure) when (failure is IncidentNotFoundException or IncidentValidationException or IncidentTransitionException or IncidentConcurrencyException)
        {
            LogNotTakenOn(logger, number, assignee, failure.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Number} was not given to {Assignee} with its task: {Reason}")]
    private static partial void LogNotTakenOn(ILogger logger, string number, string assignee, string reason);
}
