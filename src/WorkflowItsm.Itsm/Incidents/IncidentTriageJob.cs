namespace WorkflowItsm.Itsm.Incidents;

/// <summary>
/// Starts the triage workflow of an incident raised inside another workflow's step (a change closed unsuccessful by
/// its workflow, a release rolled back): planned through the jobs port, so it runs after that step's commit.
/// </summary>
public sealed class IncidentTriageJob(IncidentService incidents)
{
    public Task StartAsync(string number, CancellationToken cancellationToken) => incidents.StartMissingTriageAsync(number, cancellationToken);
}
