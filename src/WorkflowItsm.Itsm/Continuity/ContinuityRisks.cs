using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Continuity;

public sealed record ContinuityRiskInput
{
    public string? Title { get; init; }
    public string? Description { get; init; }

    /// <summary>1 (rare) to 5 (almost certain).</summary>
    public int? Likelihood { get; init; }

    /// <summary>1 (negligible) to 5 (severe).</summary>
    public int? Impact { get; init; }
    public string? Owner { get; init; }
    public string? Mitigations { get; init; }
    public DateOnly? ReviewDate { get; init; }

    /// <summary>Business services (CI numbers) the risk threatens.</summary>
    public IReadOnlyList<string>? Services { get; init; }

    /// <summary>Continuity plans (ids) that answer it.</summary>
    public IReadOnlyList<long>? Plans { get; init; }
}

/// <summary>The continuity risk register: each risk scored likelihood × impact, owned, mitigated, reviewed, linked to services and plans.</summary>
public sealed class ContinuityRisks(ItsmDbContext db, TimeProvider time)
{
    public const string Kind = "continuity risk";

    public async Task<IReadOnlyList<ContinuityRisk>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Set<ContinuityRisk>().AsNoTracking().ToListAsync(cancellationToken)).OrderByDescending(r => r.Score).ThenBy(r => r.ReviewDate).ToList();

    public async Task<ContinuityRisk> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ContinuityRisk>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new RecordNotFoundException($"No continuity risk {id}.");

    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<ContinuityRisk> CreateAsync(ContinuityRiskInput input, string by, CancellationToken cancellationToken)
    {
        var risk = new ContinuityRisk { Title = "", Owner = "", CreatedBy = by, CreatedAt = time.GetUtcNow().UtcDateTime };
        await ApplyAsync(risk, input, cancellationToken);
        db.Add(risk);
        await db.SaveChangesAsync(cancellationToken);
        return risk;
    }

    /// <summary>Replaces the risk's fields (the form sends them all).</summary>
    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<ContinuityRisk> UpdateAsync(long id, ContinuityRiskInput input, CancellationToken cancellationToken)
    {
        var risk = await FindAsync(id, cancellationToken);
        await ApplyAsync(risk, input, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return risk;
    }

    private async Task ApplyAsync(ContinuityRisk risk, ContinuityRiskInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("title", input.Title, ContinuityRisk.TitleLength, required: true);
        errors.Length("owner", input.Owner, Record.NameLength, required: true);
        errors.Texts(("description", input.Description), ("mitigations", input.Mitigations));
        if (input.Likelihood is not (>= 1 and <= 5))
        {
            errors.Add("likelihood", "Likelihood is 1 (rare) to 5 (almost certain).");
        }

        if (input.Impact is not (>= 1 and <= 5))
        {
            errors.Add("impact", "Impact is 1 (negligible) to 5 (severe).");
        }

        if (input.ReviewDate is null)
        {
            errors.Add("reviewDate", "Give the date the risk is reviewed next.");
        }

        var services = (input.Services ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim().ToUpperInvariant()).Distinct().ToList();
        var knownServices = await db.ConfigurationItems.Where(c => services.Contains(c.Number)).Select(c => c.Number).ToListAsync(cancellationToken);
        foreach (var missing in services.Except(knownServices))
        {
            errors.Add("services", $"There is no CI '{missing}'.");
        }

        var plans = (input.Plans ?? []).Distinct().ToList();
        var knownPlans = await db.Set<ContinuityPlan>().Where(p => plans.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        foreach (var missing in plans.Except(knownPlans))
        {
            errors.Add("plans", $"There is no continuity plan {missing}.");
        }

        errors.ThrowIfAny(Kind);
        risk.Title = input.Title!.Trim();
        risk.Description = RecordText.TrimmedOrNull(input.Description);
        risk.Likelihood = input.Likelihood!.Value;
        risk.Impact = input.Impact!.Value;
        risk.Owner = input.Owner!.Trim();
        risk.Mitigations = RecordText.TrimmedOrNull(input.Mitigations);
        risk.ReviewDate = input.ReviewDate!.Value;
        risk.Services = services;
        risk.Plans = plans;
    }
}
