using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Problems;

/// <summary>What recurring incidents have in common: the same configuration item, or (without one) the same category.</summary>
public enum ProblemProposalBasis
{
    ConfigurationItem,
    Category,
}

public enum ProblemProposalStatus
{
    Open,
    Accepted,
    Dismissed,
}

/// <summary>
/// Recurring incidents that look like one problem, found by <see cref="RecurringIncidentDetectionJob"/>; someone
/// accepts it (a problem linked to the incidents is created) or dismisses it.
/// </summary>
public sealed class ProblemProposal
{
    public const int KeyLength = Records.Record.CodeLength;

    public Guid Id { get; set; }
    public ProblemProposalBasis Basis { get; set; }

    /// <summary>The configuration item or category the incidents share.</summary>
    public required string Key { get; set; }

    /// <summary>The detection window the incidents were opened in (its end moves on when later incidents join).</summary>
    public DateTime WindowStart { get; set; }
    public DateTime WindowEnd { get; set; }
    public ProblemProposalStatus Status { get; set; }
    public DateTime DetectedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }

    /// <summary>The problem accepting it created.</summary>
    public long? ProblemId { get; set; }
    public Problem? Problem { get; set; }
}

/// <summary>One incident of a proposal; an incident is proposed at most once (a unique index, so two detection runs cannot both take it).</summary>
public sealed class ProblemProposalIncident
{
    public Guid ProposalId { get; set; }
    public long IncidentId { get; set; }
}

public sealed record ProblemProposalView(
    Guid Id, ProblemProposalBasis Basis, string Key, ProblemProposalStatus Status, DateTime WindowStart, DateTime WindowEnd, DateTime DetectedAt,
    IReadOnlyList<string> Incidents, string? Problem, string? DecidedBy, DateTime? DecidedAt);

/// <summary>What accepting a proposal may set on the new problem (else a description from the proposal and the incidents' most common group).</summary>
public sealed record ProblemProposalAcceptance(string? ShortDescription = null, string? AssignmentGroup = null);

/// <summary>Lists, accepts and dismisses problem proposals.</summary>
public sealed class ProblemProposals(ItsmDbContext db, ProblemService problems, TimeProvider time, Configuration.CiReferences configurationItems)
{
    public async Task<Runtime.Instances.Page<ProblemProposalView>> ListAsync(ProblemProposalStatus? status, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.ProblemProposals.AsNoTracking();
        query = status is { } only ? query.Where(p => p.Status == only) : query;
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(p => p.DetectedAt).ThenBy(p => p.Key)
            .Skip((pageNumber - 1) * pageSize).Take(pageSize)
            .Select(p => new { Proposal = p, Problem = p.Problem == null ? null : p.Problem.Number })
            .ToListAsync(cancellationToken);
        var ids = page.Select(p => p.Proposal.Id).ToList();
        var incidents = (await db.ProblemProposalIncidents.AsNoTracking().Where(i => ids.Contains(i.ProposalId))
                .Join(db.Incidents, p => p.IncidentId, i => i.Id, (p, i) => new { p.ProposalId, i.Number })
                .ToListAsync(cancellationToken))
            .ToLookup(i => i.ProposalId, i => i.Number);
        var items = page.Select(p => new ProblemProposalView(p.Proposal.Id, p.Proposal.Basis, p.Proposal.Key, p.Proposal.Status, p.Proposal.WindowStart,
                p.Proposal.WindowEnd, p.Proposal.DetectedAt, [.. incidents[p.Proposal.Id].Order(StringComparer.Ordinal)], p.Problem, p.Proposal.DecidedBy, p.Proposal.DecidedAt))
            .ToList();
        return new Runtime.Instances.Page<ProblemProposalView>(items, total, pageNumber, pageSize);
    }

    /// <summary>Creates a problem linked to the proposal's incidents (those not linked to another open problem meanwhile) and starts its workflow.</summary>
    /// <exception cref="ProblemProposalNotFoundException"/>
    /// <exception cref="ProblemProposalDecidedException"/>
    /// <exception cref="Records.RecordValidationException"/>
    public async Task<Problem> AcceptAsync(Guid id, ProblemProposalAcceptance acceptance, string by, CancellationToken cancellationToken)
    {
        var proposal = await OpenAsync(id, cancellationToken);
        var withOpenProblem = ProblemService.IncidentsWithOpenProblem(db);
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => db.ProblemProposalIncidents.Any(p => p.ProposalId == id && p.IncidentId == i.Id))
            .Where(i => !withOpenProblem.Contains(i.Number))
            .OrderBy(i => i.OpenedAt)
            .ToListAsync(cancellationToken);
        var what = proposal.Basis == ProblemProposalBasis.ConfigurationItem
            ? (await configurationItems.NamesAsync([proposal.Key], cancellationToken)).GetValueOrDefault(proposal.Key) is { } name ? $"{name} ({proposal.Key})" : $"configuration item {proposal.Key}"
            : $"category {proposal.Key}";
        var shortDescription = acceptance.ShortDescription ?? $"Recurring incidents on {what}";
        proposal.Status = ProblemProposalStatus.Accepted;
        proposal.DecidedBy = by;
        proposal.DecidedAt = time.GetUtcNow().UtcDateTime;

        var problem = await problems.BuildAsync(new NewProblem
        {
            ShortDescription = shortDescription[..Math.Min(shortDescription.Length, Problem.ShortDescriptionLength)],
            Description = $"Proposed by recurring-incident detection: {incidents.Count} incidents on {what} opened between {proposal.WindowStart:u} and {proposal.WindowEnd:u}.",
            Category = proposal.Basis == ProblemProposalBasis.Category ? proposal.Key : MostCommon(incidents.Select(i => i.Category)),
            Service = MostCommon(incidents.Select(i => i.Service)),
            ConfigurationItem = proposal.Basis == ProblemProposalBasis.ConfigurationItem ? proposal.Key : null,
            AssignmentGroup = acceptance.AssignmentGroup ?? MostCommon(incidents.Select(i => i.AssignmentGroup)),
            Incidents = [.. incidents.Select(i => i.Number)],
        }, by, cancellationToken);
        proposal.Problem = problem;

        // The proposal's decision is saved with the new problem, in the workflow start's transaction.
        await problems.StartWorkflowAsync(problem, by, cancellationToken);
        return problem;
    }

    /// <exception cref="ProblemProposalNotFoundException"/>
    /// <exception cref="ProblemProposalDecidedException"/>
    public async Task DismissAsync(Guid id, string by, CancellationToken cancellationToken)
    {
        var proposal = await OpenAsync(id, cancellationToken);
        proposal.Status = ProblemProposalStatus.Dismissed;
        proposal.DecidedBy = by;
        proposal.DecidedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<ProblemProposal> OpenAsync(Guid id, CancellationToken cancellationToken)
    {
        var proposal = await db.ProblemProposals.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw new ProblemProposalNotFoundException(id);
        return proposal.Status == ProblemProposalStatus.Open ? proposal : throw new ProblemProposalDecidedException(id, proposal.Status);
    }

    private static string? MostCommon(IEnumerable<string?> values) =>
        values.Where(v => v is not null).GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault();
}

internal sealed class ProblemProposalConfiguration : IEntityTypeConfiguration<ProblemProposal>
{
    public void Configure(EntityTypeBuilder<ProblemProposal> builder)
    {
        builder.ToTable("ProblemProposals");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Basis).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Key).HasMaxLength(ProblemProposal.KeyLength);
        builder.Property(p => p.DecidedBy).HasMaxLength(Incident.NameLength);
        builder.HasOne(p => p.Problem).WithMany().HasForeignKey(p => p.ProblemId).OnDelete(DeleteBehavior.Restrict);
        // The detection job looks for an open proposal per basis and key; the list shows them newest first.
        builder.HasIndex(p => new { p.Status, p.Basis, p.Key });
        builder.HasIndex(p => p.DetectedAt);
    }
}

internal sealed class ProblemProposalIncidentConfiguration : IEntityTypeConfiguration<ProblemProposalIncident>
{
    public void Configure(EntityTypeBuilder<ProblemProposalIncident> builder)
    {
        builder.ToTable("ProblemProposalIncidents");
        builder.HasKey(p => new { p.ProposalId, p.IncidentId });
        builder.HasOne<ProblemProposal>().WithMany().HasForeignKey(p => p.ProposalId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Incident>().WithMany().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.IncidentId).IsUnique();
    }
}
