using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>A business service a record affects, and why: it is the record's service, or an outage of the record's CI reaches it.</summary>
public sealed record AffectedService(string Number, string Name, BusinessCriticality BusinessCriticality, string Reason);

/// <summary>
/// The business services a record about a service (an incident, a problem) affects: the business service its
/// service field names, and those an outage of its configuration item hits (<see cref="ImpactAnalysis"/>,
/// downstream, honouring redundancy). Records name the CI by number; records from before the CMDB name it, and their
/// service, by name, which is matched in any case and ignoring spaces and punctuation ("wifi" is the "Wi-Fi"
/// service). A name that is no CI's affects nothing.
/// </summary>
public sealed class AffectedServices(ItsmDbContext db, ImpactAnalysis impact)
{
    public async Task<IReadOnlyList<AffectedService>> OfAsync(string? service, string? configurationItem, CancellationToken cancellationToken)
    {
        var affected = new List<AffectedService>();
        var model = await CiModel.LoadAsync(db, cancellationToken);
        if (RecordText.TrimmedOrNull(service) is { } serviceName && model.ClassByKey(CmdbSeed.BusinessService) is { } businessService)
        {
            var services = model.SelfAndDescendants(businessService.Id);
            var number = serviceName.ToUpperInvariant();
            // Business services are tens to hundreds of rows: they are matched by their loose name here, not in SQL.
            var named = (await db.ConfigurationItems.AsNoTracking().Where(c => services.Contains(c.ClassId) && c.State != CiState.Retired)
                    .Select(c => new { c.Number, c.ShortDescription, c.BusinessCriticality }).ToListAsync(cancellationToken))
                .FirstOrDefault(c => c.Number == number || Loose(c.ShortDescription) == Loose(serviceName));
            if (named is not null)
            {
                affected.Add(new AffectedService(named.Number, named.ShortDescription, named.BusinessCriticality, "The service of the record"));
            }
        }

        if (await FindAsync(configurationItem, cancellationToken) is { } ci)
        {
            var hit = await impact.DownstreamAsync([ci.Number], ImpactAnalysis.DefaultDepth, cancellationToken);
            affected.AddRange(hit.BusinessServices.Where(s => affected.All(a => a.Number != s.Number))
                .Select(s => new AffectedService(s.Number, s.Name, s.BusinessCriticality, $"Needs {ci.ShortDescription}")));
        }

        return affected;
    }

    private async Task<ConfigurationItem?> FindAsync(string? configurationItem, CancellationToken cancellationToken)
    {
        if (RecordText.TrimmedOrNull(configurationItem) is not { } text)
        {
            return null;
        }

        var number = text.ToUpperInvariant();
        var lower = text.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
        return await db.ConfigurationItems.AsNoTracking().Where(c => c.Number == number || c.ShortDescription.ToLower() == lower)
            .OrderBy(c => c.Number == number ? 0 : 1).FirstOrDefaultAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }

    // "Wi-Fi" and "wifi", "E-mail" and "email" name the same service.
    private static string Loose(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToUpperInvariant();
}
