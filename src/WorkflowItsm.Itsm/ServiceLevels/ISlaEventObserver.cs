using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>Told of an SLA warning or breach inside the check's transaction (plan work through the jobs port; it runs once that commits).</summary>
public interface ISlaEventObserver
{
    Task WarnedAsync(Incident incident, SlaClock clock, CancellationToken cancellationToken);

    Task BreachedAsync(Incident incident, SlaClock clock, CancellationToken cancellationToken);
}
