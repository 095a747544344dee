namespace WorkflowItsm.Itsm.Changes;

/// <summary>
/// Told by the change service whenever a change's plan moved: planned start or end, affected CIs, the main CI or the
/// assignee changed (and when a change is created with a plan). Called before the save, inside the same unit of
/// work, so what it records (conflicts) commits with the change. Conflict detection is one.
/// </summary>
public interface IChangePlanObserver
{
    Task PlanChangedAsync(Change change, CancellationToken cancellationToken);
}

/// <summary>
/// Asked by the change service before a change is scheduled or its implementation starts (the moves to Scheduled and
/// Implement, and a new plan of a scheduled change): throws a <see cref="Records.RecordConflictException"/> naming why
/// not (an enforced change freeze). Freezes are one.
/// </summary>
public interface IChangeSchedulingGuard
{
    Task EnsureMayScheduleAsync(Change change, CancellationToken cancellationToken);
}

/// <summary>
/// Told by the change service when a change is closed, inside the closing unit of work (whatever it plans through the
/// jobs port runs once that commits). Escalations page the on-call people of a change that failed.
/// </summary>
public interface IChangeClosedObserver
{
    Task ClosedAsync(Change change, CancellationToken cancellationToken);
}
