using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>One rating of an analysis as asked: category key, duration in minutes (one of <see cref="BusinessImpactAnalyses.Durations"/>), rating, intolerable or not.</summary>
public sealed record BiaRatingInput(string? Category, int? DurationMinutes, ImpactRating? Rating, bool Intolerable = false);

/// <summary>An analysis as asked: its ratings, the RPO, optionally an RTO below the MTPD, and the review date (a year on when not given).</summary>
public sealed record BiaInput
{
    public IReadOnlyList<BiaRatingInput>? Ratings { get; init; }
    public int? RpoMinutes { get; init; }
    public int? RtoMinutes { get; init; }
    public DateOnly? ReviewDue { get; init; }
}

public sealed record NewImpactCategory(string? Key, string? Name);

/// <summary>A dependency of the service whose recovery takes longer than the service's RTO (or has no stated recovery capability).</summary>
public sealed record ContinuityGap(string Number, string Name, string ClassName, int Depth, string? Via, int? RecoveryMinutes, string RecoveryLabel, string Reason);

/// <summary>The gap analysis: every dependency of the service reached through the CMDB, the gaps among them, and those without a stated recovery time.</summary>
public sealed record GapAnalysis(string Service, int? RtoMinutes, IReadOnlyList<ContinuityGap> Gaps, IReadOnlyList<string> WithoutCapability, int DependenciesChecked);

/// <summary>
/// Business impact analyses: the admin's impact categories, one analysis per business service with MTPD, RTO, RPO and
/// recovery tier computed from its ratings, its review by the approval engine (<see cref="SubmitAsync"/>; the decision
/// is <see cref="BiaApprovalDecisions"/>), and the gap analysis that walks the service's dependencies in the CMDB
/// (upstream impact analysis) comparing each one's recovery capability with the approved RTO.
/// </summary>
public sealed class BusinessImpactAnalyses(
    ItsmDbContext db, TimeProvider time, ImpactAnalysis impact, RecordNumbers numbers, RecordStore store, RecordHistory history, ApprovalService approvals)
{
    public const string Kind = "business impact analysis";

    /// <summary>The approval rule a submitted analysis is decided under (a product default: the service owner or any continuity manager).</summary>
    public const string ApprovalRule = "continuity-bia";

    /// <summary>The group whose members approve analyses by default.</summary>
    public const string ManagersGroup = "continuity-managers";

    /// <summary>The CI attributes naming a service's owner, first found wins; else the person the CI is assigned to.</summary>
    private static readonly string[] OwnerAttributes = ["serviceOwner", "owner"];

    /// <summary>The disruption durations each category is rated at: 1 h, 4 h, 8 h, 24 h, 72 h, 1 week.</summary>
    public static readonly IReadOnlyList<int> Durations = [60, 240, 480, 1440, 4320, 10080];

    /// <summary>The categories an installation starts with (ensured at start when there are none); admins add or rename.</summary>
    public static readonly IReadOnlyList<(string Key, string Name)> DefaultCategories =
        [("revenue", "Revenue"), ("legal-regulatory", "Legal / regulatory"), ("reputation", "Reputation"), ("workforce", "Workforce"), ("customers", "Customers")];

    public async Task EnsureDefaultCategoriesAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<ContinuityImpactCategory>().AnyAsync(cancellationToken))
        {
            return;
        }

        db.Set<ContinuityImpactCategory>().AddRange(DefaultCategories.Select((c, i) => new ContinuityImpactCategory { Key = c.Key, Name = c.Name, Position = i }));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ContinuityImpactCategory>> CategoriesAsync(CancellationToken cancellationToken) =>
        await db.Set<ContinuityImpactCategory>().AsNoTracking().OrderBy(c => c.Position).ThenBy(c => c.Id).ToListAsync(cancellationToken);

    /// <exception cref="RecordValidationException"/>
    public async Task<ContinuityImpactCategory> AddCategoryAsync(NewImpactCategory input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("key", input.Key, ContinuityImpactCategory.KeyLength, required: true);
        errors.Length("name", input.Name, ContinuityImpactCategory.NameLength, required: true);
        var key = input.Key?.Trim().ToLowerInvariant() ?? "";
        if (key.Length > 0 && await db.Set<ContinuityImpactCategory>().AnyAsync(c => c.Key == key, cancellationToken))
        {
            errors.Add("key", $"There is already an impact category '{key}'.");
        }

        errors.ThrowIfAny("impact category");
        var position = await db.Set<ContinuityImpactCategory>().Select(c => (int?)c.Position).MaxAsync(cancellationToken) ?? -1;
        var category = new ContinuityImpactCategory { Key = key, Name = input.Name!.Trim(), Position = position + 1 };
        db.Add(category);
        await db.SaveChangesAsync(cancellationToken);
        return category;
    }

    public Task<BusinessImpactAnalysis?> FindAsync(string service, CancellationToken cancellationToken)
    {
        var key = service.Trim().ToUpperInvariant();
        return db.Set<BusinessImpactAnalysis>().Include(a => a.Ratings).FirstOrDefaultAsync(a => a.Service == key, cancellationToken);
    }

    /// <summary>Records (or replaces) the analysis of a business service and computes MTPD, RTO and tier.</summary>
    /// <exception cref="RecordValidationException">No ratings, an unknown category or duration, an RTO above the MTPD…; nothing was saved.</exception>
    /// <exception cref="RecordNotFoundException">No such CI.</exception>
    public async Task<BusinessImpactAnalysis> SaveAsync(string service, BiaInput input, string by, CancellationToken cancellationToken)
    {
        var number = service.Trim().ToUpperInvariant();
        var ci = await db.ConfigurationItems.AsNoTracking().Where(c => c.Number == number).Select(c => new { c.Number, c.ClassId, c.ShortDescription }).FirstOrDefaultAsync(cancellationToken)
            ?? throw RecordNotFoundException.For(CiService.Kind, number);
        var errors = new FieldErrors();
        var businessService = await db.CiClasses.AsNoTracking().Where(c => c.Key == CmdbSeed.BusinessService).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        if (ci.ClassId != businessService)
        {
            errors.Add("service", $"{number} is not a business service.");
        }

        var categories = (await CategoriesAsync(cancellationToken)).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var ratings = input.Ratings ?? [];
        if (ratings.Count == 0)
        {
            errors.Add("ratings", "Rate at least one impact category at the disruption durations.");
        }

        var seen = new HashSet<(string, int)>();
        foreach (var rating in ratings)
        {
            var category = rating.Category?.Trim().ToLowerInvariant();
            if (category is null || !categories.Contains(category))
            {
                errors.Add("ratings", $"'{rating.Category}' is no impact category; the categories are {string.Join(", ", categories)}.");
            }

            if (rating.DurationMinutes is not { } minutes || !Durations.Contains(minutes))
            {
                errors.Add("ratings", $"{rating.DurationMinutes} minutes is no disruption duration; rate at {string.Join(", ", Durations.Select(d => ContinuityLabels.Duration(d)))}.");
            }
            else if (category is not null && !seen.Add((category, minutes)))
            {
                errors.Add("ratings", $"{category} is rated twice at {ContinuityLabels.Duration(minutes)}.");
            }

            if (rating.Rating is null)
            {
                errors.Add("ratings", $"Give the rating of {category} at {ContinuityLabels.Duration(rating.DurationMinutes)}.");
            }
        }

        if (input.RpoMinutes is < 0)
        {
            errors.Add("rpoMinutes", "The RPO is a number of minutes, 0 or more.");
        }

        var mtpd = Mtpd(ratings.Where(r => r.Intolerable && r.DurationMinutes is not null).Select(r => r.DurationMinutes!.Value));
        if (input.RtoMinutes is { } rto && (rto <= 0 || (mtpd is { } limit && rto > limit)))
        {
            errors.Add("rtoMinutes", $"The RTO is more than 0 minutes and at most the MTPD ({ContinuityLabels.Duration(mtpd)}).");
        }

        if (input.ReviewDue is { } reviewDue && reviewDue <= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
        {
            errors.Add("reviewDue", "The review date is in the future.");
        }

        errors.ThrowIfAny(Kind);

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var analysis = await FindAsync(number, cancellationToken);
        if (analysis is null)
        {
            analysis = new BusinessImpactAnalysis
            {
                Number = await numbers.NextAsync(RecordNumbers.BusinessImpactAnalysis, cancellationToken),
                ShortDescription = $"Business impact analysis of {ci.ShortDescription}",
                Service = number, AnalysedBy = by, OpenedBy = by, OpenedAt = now, UpdatedAt = now, State = BiaState.Draft,
            };
            db.Add(analysis);
            history.Created(analysis, by);
        }
        else if (analysis.State != BiaState.Draft)
        {
            // A revision is reviewed again: the approval under way ends unanswered, and the values approved before keep
            // feeding the plan until this one is approved.
            var wasInReview = analysis.State == BiaState.InReview;
            Move(history, analysis, BiaState.Draft, by);
            if (wasInReview)
            {
                await approvals.CancelOpenAsync(analysis.Number, "The analysis was changed while in review; it is submitted again.", by, cancellationToken);
            }
        }

        analysis.Ratings.Clear();
        analysis.Ratings.AddRange(ratings.Select(r => new BiaRating
        {
            Category = r.Category!.Trim().ToLowerInvariant(), DurationMinutes = r.DurationMinutes!.Value, Rating = r.Rating!.Value, Intolerable = r.Intolerable,
        }));
        analysis.MtpdMinutes = mtpd;
        analysis.RtoMinutes = input.RtoMinutes ?? mtpd;
        analysis.RpoMinutes = input.RpoMinutes;
        analysis.Tier = TierOf(analysis.RtoMinutes);
        analysis.AnalysedBy = by;
        analysis.AnalysedAt = now;
        analysis.UpdatedAt = now;
        analysis.ReviewDue = input.ReviewDue ?? DateOnly.FromDateTime(now).AddYears(1);
        await store.SaveAsync(analysis, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return analysis;
    }

    /// <summary>
    /// Draft → in review: asks the approval engine (rule <see cref="ApprovalRule"/>) with the service's owner as a
    /// possible approver beside the rule's people and groups; the decision approves the analysis or sends it back.
    /// </summary>
    /// <exception cref="RecordNotFoundException">The service has no analysis.</exception>
    /// <exception cref="RecordTransitionException">Not a draft (in review or approved already).</exception>
    /// <exception cref="RecordValidationException">No active approval rule applies.</exception>
    public async Task<BusinessImpactAnalysis> SubmitAsync(string service, string by, CancellationToken cancellationToken)
    {
        var number = service.Trim().ToUpperInvariant();
        var analysis = await FindAsync(number, cancellationToken) ?? throw new RecordNotFoundException($"{number} has no business impact analysis.");
        Move(history, analysis, BiaState.InReview, by);
        analysis.ReturnReason = null;
        var owner = await ServiceOwnerAsync(number, cancellationToken);
        // The engine's "requester's manager" slot carries the service owner, as an access request's system owner does.
        await approvals.RequestAsync(analysis.Number, ApprovalRule, new Dictionary<string, object?> { [ApprovalService.ManagerVariable] = owner }, null, by, cancellationToken);
        await store.SaveAsync(analysis, cancellationToken);
        return analysis;
    }

    /// <summary>Who owns the business service: its serviceOwner (or owner) attribute, else the person it is assigned to; null when that is nobody known.</summary>
    public async Task<string?> ServiceOwnerAsync(string service, CancellationToken cancellationToken)
    {
        var ci = await db.ConfigurationItems.AsNoTracking().Where(c => c.Number == service).Select(c => new { c.Id, c.AssignedTo }).FirstOrDefaultAsync(cancellationToken);
        if (ci is null)
        {
            return null;
        }

        var attributes = await db.CiAttributeValues.AsNoTracking().Where(v => v.CiId == ci.Id && v.Value != null)
            .Join(db.CiAttributes, v => v.AttributeId, a => a.Id, (v, a) => new { a.Key, v.Value }).ToListAsync(cancellationToken);
        var owner = OwnerAttributes.Select(key => attributes.FirstOrDefault(a => a.Key == key)?.Value?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v))
            ?? RecordText.TrimmedOrNull(ci.AssignedTo);
        return owner is not null && await db.Users.AnyAsync(u => u.UserName == owner, cancellationToken) ? owner : null;
    }

    /// <summary>Moves the analysis along its lifecycle (409 naming the allowed moves otherwise) and audits the move; the caller saves.</summary>
    internal static void Move(RecordHistory history, BusinessImpactAnalysis analysis, BiaState to, string by)
    {
        analysis.Lifecycle.EnsureAllowed(analysis, to);
        var before = analysis.AuditedFields();
        (analysis.State, analysis.UpdatedAt) = (to, history.Now);
        history.Changed(analysis, before, by);
    }

    /// <summary>The first intolerable duration, the lowest across the categories; null when nothing is intolerable within the durations rated.</summary>
    public static int? Mtpd(IEnumerable<int> intolerableDurations) => intolerableDurations.Select(d => (int?)d).Min();

    /// <summary>≤ 4 h mission critical, ≤ 24 h business critical, ≤ 1 week essential, else (or without an RTO) non-essential.</summary>
    public static RecoveryTier TierOf(int? rtoMinutes) => rtoMinutes switch
    {
        <= 240 => RecoveryTier.MissionCritical,
        <= 1440 => RecoveryTier.BusinessCritical,
        <= 10080 => RecoveryTier.Essential,
        _ => RecoveryTier.NonEssential,
    };

    /// <summary>States how long a CI takes to recover (its recovery capability).</summary>
    /// <exception cref="RecordValidationException"/>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<CiRecoveryCapability> SetRecoveryCapabilityAsync(string ciNumber, int? recoveryMinutes, string by, CancellationToken cancellationToken)
    {
        var number = ciNumber.Trim().ToUpperInvariant();
        if (!await db.ConfigurationItems.AnyAsync(c => c.Number == number, cancellationToken))
        {
            throw RecordNotFoundException.For(CiService.Kind, number);
        }

        if (recoveryMinutes is not > 0)
        {
            throw new RecordValidationException("recovery capability", new Dictionary<string, string[]> { ["recoveryMinutes"] = ["Give the recovery time in minutes, more than 0."] });
        }

        var capability = await db.Set<CiRecoveryCapability>().FirstOrDefaultAsync(c => c.CiNumber == number, cancellationToken);
        if (capability is null)
        {
            capability = new CiRecoveryCapability { CiNumber = number, SetBy = by };
            db.Add(capability);
        }

        capability.RecoveryMinutes = recoveryMinutes.Value;
        capability.SetBy = by;
        capability.SetAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return capability;
    }

    /// <summary>
    /// Walks what the service depends on (upstream, through every relation that carries impact) and lists each
    /// dependency whose recovery capability is longer than the service's RTO; those without one are listed apart.
    /// </summary>
    /// <exception cref="RecordNotFoundException">No such CI.</exception>
    public async Task<GapAnalysis> GapsAsync(string service, CancellationToken cancellationToken)
    {
        var number = service.Trim().ToUpperInvariant();
        var rto = (await FindAsync(number, cancellationToken))?.ApprovedRtoMinutes;
        var dependencies = await impact.UpstreamAsync(number, ImpactAnalysis.DefaultDepth, cancellationToken);
        var numbers = dependencies.Items.Select(i => i.Number).ToList();
        var capabilities = await db.Set<CiRecoveryCapability>().AsNoTracking().Where(c => numbers.Contains(c.CiNumber))
            .ToDictionaryAsync(c => c.CiNumber, c => c.RecoveryMinutes, StringComparer.Ordinal, cancellationToken);
        var gaps = new List<ContinuityGap>();
        foreach (var item in dependencies.Items)
        {
            if (capabilities.TryGetValue(item.Number, out var minutes) && rto is { } limit && minutes > limit)
            {
                gaps.Add(new ContinuityGap(item.Number, item.Name, item.ClassName, item.Depth, item.Via, minutes, ContinuityLabels.Duration(minutes),
                    $"{item.Name} recovers in {ContinuityLabels.Duration(minutes)}; the service's RTO is {ContinuityLabels.Duration(limit)}."));
            }
        }

        return new GapAnalysis(number, rto, gaps, [.. numbers.Where(n => !capabilities.ContainsKey(n))], numbers.Count);
    }
}
