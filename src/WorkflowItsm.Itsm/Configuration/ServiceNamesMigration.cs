using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>What one run of <see cref="ServiceNamesMigration"/> did.</summary>
public sealed record ServiceNamesMigrationResult(int Matched, int KeptAsNotes, int SlaDefinitionsMatched, int SlaDefinitionsDeactivated)
{
    public bool DidAnything => Matched + KeptAsNotes + SlaDefinitionsMatched + SlaDefinitionsDeactivated > 0;
}

/// <summary>
/// Turns the free-text services and configuration items of records from before the CMDB into CI numbers, at every
/// start (nothing is left after the first: then it reads one empty batch per kind). A name is matched as
/// <see cref="CiReferences"/> matches names; a match stores the number, audited with the source
/// <see cref="Source"/>; a text no CI has is cleared and kept in a work note, "Service before the CMDB: …". An SLA
/// definition's service no business service has is cleared and the definition switched off (with no service it
/// would cover every incident). Rows are read in batches, matched with one query per batch and field.
/// </summary>
public sealed class ServiceNamesMigration(ItsmDbContext db, CiReferences references, RecordHistory history)
{
    public const string Source = "migration";
    public const string By = "system";
    public const int BatchSize = 500;

    public async Task<ServiceNamesMigrationResult> RunAsync(CancellationToken cancellationToken)
    {
        var (incidentsMatched, incidentNotes) = await MigrateAsync<Incidents.Incident, Incidents.IncidentState>(
            db.Incidents.Where(i => (i.Service != null && !db.ConfigurationItems.Any(c => c.Number == i.Service))
                || (i.ConfigurationItem != null && !db.ConfigurationItems.Any(c => c.Number == i.ConfigurationItem))), cancellationToken);
        var (problemsMatched, problemNotes) = await MigrateAsync<Problems.Problem, Problems.ProblemState>(
            db.Problems.Where(p => (p.Service != null && !db.ConfigurationItems.Any(c => c.Number == p.Service))
                || (p.ConfigurationItem != null && !db.ConfigurationItems.Any(c => c.Number == p.ConfigurationItem))), cancellationToken);
        var (slaMatched, slaOff) = await MigrateSlaDefinitionsAsync(cancellationToken);
        return new ServiceNamesMigrationResult(incidentsMatched + problemsMatched, incidentNotes + problemNotes, slaMatched, slaOff);
    }

    private async Task<(int Matched, int Notes)> MigrateAsync<TRecord, TState>(IQueryable<TRecord> unmatched, CancellationToken cancellationToken)
        where TRecord : PrioritizedRecord<TState>
        where TState : struct, Enum
    {
        var (matched, notes) = (0, 0);
        while (true)
        {
            // Every record of a batch leaves the query (it gets a number or loses its text): the next batch starts afresh.
            var batch = await unmatched.OrderBy(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return (matched, notes);
            }

            var services = await references.MatchServicesAsync(batch.Select(r => r.Service).OfType<string>(), cancellationToken);
            var items = await references.MatchItemsAsync(batch.Select(r => r.ConfigurationItem).OfType<string>(), cancellationToken);
            var numbers = await references.NamesAsync(batch.SelectMany(r => new[] { r.Service, r.ConfigurationItem }), cancellationToken);
            foreach (var record in batch)
            {
                var before = record.AuditedFields();
                var updatedAt = record.UpdatedAt;
                var lost = new List<string>();
                record.Service = Migrated(record.Service, services, numbers, "Service", lost, ref matched);
                record.ConfigurationItem = Migrated(record.ConfigurationItem, items, numbers, "Configuration item", lost, ref matched);
                history.Changed(record, before, By, Source);
                foreach (var text in lost)
                {
                    history.AddNote(record, RecordNoteKind.WorkNote, text, By);
                    notes++;
                }

                // Nobody worked on the record: its last update stays what it was; the revision moves so that an open form cannot write the old text back.
                record.UpdatedAt = updatedAt;
                record.Revision++;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private static string? Migrated(string? value, IReadOnlyDictionary<string, CiMatch> matches, IReadOnlyDictionary<string, string> numbers, string label,
        List<string> lost, ref int matched)
    {
        if (value is null || numbers.ContainsKey(value))
        {
            return value;
        }

        if (matches.TryGetValue(value, out var match))
        {
            matched++;
            return match.Number;
        }

        lost.Add($"{label} before the CMDB: {value}");
        return null;
    }

    private async Task<(int Matched, int Deactivated)> MigrateSlaDefinitionsAsync(CancellationToken cancellationToken)
    {
        // Definitions are a handful: one batch.
        var definitions = await db.SlaDefinitions.Where(d => d.Service != null && !db.ConfigurationItems.Any(c => c.Number == d.Service)).ToListAsync(cancellationToken);
        if (definitions.Count == 0)
        {
            return (0, 0);
        }

        var services = await references.MatchServicesAsync(definitions.Select(d => d.Service!), cancellationToken);
        var (matched, deactivated) = (0, 0);
        foreach (var definition in definitions)
        {
            if (services.TryGetValue(definition.Service!, out var service))
            {
                definition.Service = service.Number;
                matched++;
            }
            else
            {
                var named = $"{definition.Name} (service before the CMDB: {definition.Service})";
                definition.Name = named[..Math.Min(named.Length, SlaDefinition.NameLength)];
                definition.Service = null;
                definition.IsActive = false;
                deactivated++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return (matched, deactivated);
    }
}
