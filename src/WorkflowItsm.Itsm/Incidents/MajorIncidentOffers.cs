using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>An open major incident an incident may join as its child, and why.</summary>
public sealed record MajorIncidentOffer(string Number, string ShortDescription, string Reason);

/// <summary>
/// An incident on a CI or service that already has an open major incident joins it rather than being worked alone:
/// offered is the major incident (open, itself no child) on the same configuration item, else on the same service,
/// else one whose CI's outage hits this incident's service (<see cref="ImpactAnalysis"/>). Nothing is offered to a
/// major incident or to one that has a parent already. Linking makes it the major incident's child, audited as any change.
/// </summary>
public sealed class MajorIncidentOffers(ItsmDbContext db, ImpactAnalysis impact, IncidentService incidents)
{
    /// <summary>Open major incidents are a handful: the impact of each one's CI is walked when nothing shares the CI or service.</summary>
    private const int MajorIncidentsWalked = 20;

    public async Task<MajorIncidentOffer?> ForAsync(string number, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Number == number)
            .Select(i => new { i.Id, i.IsMajor, i.ParentId, i.Service, i.ConfigurationItem, i.State }).FirstOrDefaultAsync(cancellationToken);
        if (incident is null || incident.IsMajor || incident.ParentId is not null || !IncidentLifecycle.Table.IsOpen(incident.State)
            || (incident.Service is null && incident.ConfigurationItem is null))
        {
            return null;
        }

        var open = IncidentLifecycle.Table.OpenStates.ToList();
        var majors = await db.Incidents.AsNoTracking()
            .Where(i => i.IsMajor && i.Id != incident.Id && i.ParentId == null && open.Contains(i.State))
            .OrderByDescending(i => incident.ConfigurationItem != null && i.ConfigurationItem == incident.ConfigurationItem)
            .ThenByDescending(i => incident.Service != null && i.Service == incident.Service)
            .ThenByDescending(i => i.OpenedAt)
            .Take(MajorIncidentsWalked)
            .Select(i => new { i.Number, i.ShortDescription, i.Service, i.ConfigurationItem })
            .ToListAsync(cancellationToken);
        if (majors.FirstOrDefault(m => incident.ConfigurationItem is not null && m.ConfigurationItem == incident.ConfigurationItem) is { } sameCi)
        {
            return new MajorIncidentOffer(sameCi.Number, sameCi.ShortDescription, "Same configuration item");
        }

        if (incident.Service is null)
        {
            return null;
        }

        if (majors.FirstOrDefault(m => m.Service == incident.Service) is { } sameService)
        {
            return new MajorIncidentOffer(sameService.Number, sameService.ShortDescription, "Same service");
        }

        foreach (var major in majors.Where(m => m.ConfigurationItem is not null))
        {
            var hit = await impact.DownstreamAsync([major.ConfigurationItem!], ImpactAnalysis.DefaultDepth, cancellationToken);
            if (hit.BusinessServices.Any(s => s.Number == incident.Service))
            {
                return new MajorIncidentOffer(major.Number, major.ShortDescription, "Its configuration item's outage hits this service");
            }
        }

        return null;
    }

    /// <summary>Makes <paramref name="number"/> the child of the major incident offered to it.</summary>
    /// <exception cref="Records.RecordValidationException">No major incident is offered (any more), or it is not <paramref name="majorNumber"/>.</exception>
    public async Task<Incident> LinkAsync(string number, string majorNumber, string by, CancellationToken cancellationToken)
    {
        if (await ForAsync(number, cancellationToken) is not { } offer || !string.Equals(offer.Number, majorNumber.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new Records.RecordValidationException("incident", new Dictionary<string, string[]>
            {
                ["parent"] = [$"{majorNumber} is no open major incident on this incident's configuration item or service."],
            });
        }

        return await incidents.UpdateAsync(number, new IncidentChanges { Parent = offer.Number }, null, by, cancellationToken);
    }
}
