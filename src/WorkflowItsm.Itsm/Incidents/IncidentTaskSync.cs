using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>
/// Keeps the record and the inbox in step. When an agent takes (or is given) an incident-triage task, the incident
/// gets that assignee and, if still New, moves to In progress — the response the response SLA waits for. And the
/// staff's tasks of an incident's workflow are due when its resolution SLA is, so that the inbox sorted by due date is
/// sorted by SLA urgency: set when such a task appears, moved when a change moves the SLA (priority, group, on hold
/// and back), cleared while the clock is paused. Runs after the commit, in a scope of its own (the incident service
/// itself drives the runtime that calls this).
/// </summary>
public sealed partial class IncidentTaskSync(IServiceScopeFactory scopes, ILogger<IncidentTaskSync> logger)
{
    /// <summary>Who the task journal names for a due date that follows the SLA.</summary>
    public const string SlaActor = "sla";

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

    public async Task TasksCreatedAsync(IReadOnlyList<HumanTaskRecord> tasks, CancellationToken cancellationToken)
    {
        foreach (var number in tasks.Where(t => t.DefinitionKey == IncidentService.TriageProcess && t.DueDate is null).Select(t => t.BusinessKey).OfType<string>().Distinct())
        {
            await FollowResolutionDueAsync(number, cancellationToken);
        }
    }

    /// <summary>Gives the open staff tasks of the incident's workflow the due moment of its resolution SLA.</summary>
    public async Task FollowResolutionDueAsync(string number, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Number == number)
            .Select(i => new { i.Id, i.Caller, i.ProcessInstanceId }).FirstOrDefaultAsync(cancellationToken);
        if (incident?.ProcessInstanceId is not { } instanceId)
        {
            return;
        }

        var due = SlaClocks.ResolutionDue(await db.SlaClocks.AsNoTracking()
            .Where(c => c.IncidentId == incident.Id && c.Kind == SlaKind.Resolution).ToListAsync(cancellationToken));
        // The caller's own step (confirming the resolution) is not the service desk's promise.
        var tasks = await db.HumanTasks.AsNoTracking()
            .Where(t => t.InstanceId == instanceId && t.Status == HumanTaskStatus.Open && (t.Assignee == null || t.Assignee != incident.Caller) && t.DueDate != due)
            .Select(t => t.Id).ToListAsync(cancellationToken);
        var commands = scope.ServiceProvider.GetRequiredService<HumanTaskCommands>();
        foreach (var taskId in tasks)
        {
            try
            {
                await commands.SetDueDateAsync(taskId, due, SlaActor, cancellationToken);
            }
            catch (Exception failure) when (failure is RuntimeConflictException or RuntimeNotFoundException)
            {
                // Completed or changed at this moment: the next change of the incident brings it in step.
                LogDueNotMoved(logger, taskId, number, failure.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Number} was not given to {Assignee} with its task: {Reason}")]
    private static partial void LogNotTakenOn(ILogger logger, string number, string assignee, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} of {Number} kept its due date: {Reason}")]
    private static partial void LogDueNotMoved(ILogger logger, string taskId, string number, string reason);
}
