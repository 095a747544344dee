namespace WorkflowItsm.Itsm.Incidents;

/// <summary>Told of each new incident once it is stored (escalations page for a new P1).</summary>
public interface IIncidentRaisedObserver
{
    Task RaisedAsync(Incident incident, CancellationToken cancellationToken);
}
