using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>A business service a record affects, and why: it is the record's service, or an outage of the record's CI reaches it.</summary>
public sealed record AffectedService(string Number, string Name, BusinessCriticality BusinessCriticality, string Reason);

/// <summary>
/// The business services a record about a service (an incident, a problem) affects: the business service its
/// service field names, and those an outage of its configuration item hits (<see cref="ImpactAnalysis"/>,
/// downstream, honouring redundancy). Records name both by CI number; a name from before the CMDB not yet migrated
/// is matched as <see cref="CiReferences"/> matches names. A name that is no CI's affects nothing.
/// </summary>
public sealed class AffectedServices(CiReferences references, ImpactAnalysis impact)
{
    public async Task<IReadOnlyList<AffectedService>> OfAsync(string? service, string? configurationItem, CancellationToken cancellationToken)
    {
        var affected = new List<AffectedService>();
        if (RecordText.TrimmedOrNull(service) is { } serviceText
            && (await references.MatchServicesAsync([serviceText], cancellationToken)).GetValueOrDefault(serviceText) is { } named)
        {
            affected.Add(new AffectedService(named.Number, named.Name, named.BusinessCriticality, "The service of the record"));
        }

        if (RecordText.TrimmedOrNull(configurationItem) is { } itemText
            && (await references.MatchItemsAsync([itemText], cancellationToken)).GetValueOrDefault(itemText) is { } ci)
        {
            var hit = await impact.DownstreamAsync([ci.Number], ImpactAnalysis.DefaultDepth, cancellationToken);
            affected.AddRange(hit.BusinessServices.Where(s => affected.All(a => a.Number != s.Number))
                .Select(s => new AffectedService(s.Number, s.Name, s.BusinessCriticality, $"Needs {ci.Name}")));
        }

        return affected;
    }
}
