using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Templates;

/// <summary>A template's fields as given by an admin (a new template, or the next version of one).</summary>
public sealed record StandardChangeTemplateInput(
    string? Name, string? ShortDescription, string? Description = null, string? Category = null, string? Reason = null,
    string? ImplementationPlan = null, string? BackoutPlan = null, string? TestPlan = null, string? AssignmentGroup = null,
    int? DurationMinutes = null, bool Active = true);

public sealed record StandardChangeTemplateView(
    long TemplateId, int Version, bool Active, string Name, string ShortDescription, string? Description, string? Category, string? Reason,
    string? ImplementationPlan, string? BackoutPlan, string? TestPlan, string? AssignmentGroup, int DurationMinutes, string ChangedBy, DateTime ChangedAt);

/// <summary>
/// The standard change catalog: pre-approved templates, versioned. Every save of a template is a new version (the
/// old rows stay, no longer current), so a change made from version 2 still shows what version 2 said.
/// </summary>
public sealed class StandardChangeCatalog(ItsmDbContext db, RecordStore store, RecordHistory history)
{
    public const string Kind = "standard change template";
    public const int MaxDurationMinutes = 7 * 24 * 60;

    /// <summary>The current versions, active ones only unless <paramref name="includeRetired"/>, by name.</summary>
    public async Task<IReadOnlyList<StandardChangeTemplateView>> ListAsync(bool includeRetired, CancellationToken cancellationToken) =>
        await db.StandardChangeTemplates.AsNoTracking().Where(t => t.IsCurrent && (includeRetired || t.Active)).OrderBy(t => t.Name).ThenBy(t => t.TemplateId)
            .Select(t => ToView(t)).ToListAsync(cancellationToken);

    /// <summary>Every version of one template, newest first.</summary>
    public async Task<IReadOnlyList<StandardChangeTemplateView>> VersionsAsync(long templateId, CancellationToken cancellationToken) =>
        await db.StandardChangeTemplates.AsNoTracking().Where(t => t.TemplateId == templateId).OrderByDescending(t => t.Version)
            .Select(t => ToView(t)).ToListAsync(cancellationToken);

    public Task<StandardChangeTemplate?> CurrentAsync(long templateId, CancellationToken cancellationToken) =>
        db.StandardChangeTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.TemplateId == templateId && t.IsCurrent, cancellationToken);

    /// <exception cref="RecordValidationException"/>
    public async Task<StandardChangeTemplateView> CreateAsync(StandardChangeTemplateInput input, string by, CancellationToken cancellationToken)
    {
        await ValidateAsync(input, cancellationToken);
        var first = Build(input, by, 1);
        db.StandardChangeTemplates.Add(first);
        await db.SaveChangesAsync(cancellationToken);
        // The template is known by the id of its first version.
        first.TemplateId = first.Id;
        await db.SaveChangesAsync(cancellationToken);
        return ToView(first);
    }

    /// <summary>Saves the next version; the one before stays as it was.</summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException"/>
    public async Task<StandardChangeTemplateView> UpdateAsync(long templateId, StandardChangeTemplateInput input, string by, CancellationToken cancellationToken)
    {
        var current = await db.StandardChangeTemplates.FirstOrDefaultAsync(t => t.TemplateId == templateId && t.IsCurrent, cancellationToken)
            ?? throw RecordNotFoundException.For(Kind, templateId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ValidateAsync(input, cancellationToken);
        current.IsCurrent = false;
        var next = Build(input, by, current.Version + 1);
        next.TemplateId = templateId;
        db.StandardChangeTemplates.Add(next);
        await db.SaveChangesAsync(cancellationToken);
        return ToView(next);
    }

    private async Task ValidateAsync(StandardChangeTemplateInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("name", input.Name, Record.ShortDescriptionLength, required: true);
        errors.Length("shortDescription", input.ShortDescription, Record.ShortDescriptionLength, required: true);
        errors.Texts(("description", input.Description), ("reason", input.Reason), ("implementationPlan", input.ImplementationPlan),
            ("backoutPlan", input.BackoutPlan), ("testPlan", input.TestPlan));
        errors.Codes(("category", input.Category));
        if (string.IsNullOrWhiteSpace(input.ImplementationPlan))
        {
            errors.Add("implementationPlan", "A pre-approved change says how it is done: write the implementation plan.");
        }

        if (input.DurationMinutes is { } minutes && (minutes < 1 || minutes > MaxDurationMinutes))
        {
            errors.Add("durationMinutes", $"Duration minutes is 1 to {MaxDurationMinutes} (a week).");
        }

        await store.ValidateAssignmentAsync(errors, input.AssignmentGroup, null, cancellationToken);
        errors.ThrowIfAny(Kind);
    }

    private StandardChangeTemplate Build(StandardChangeTemplateInput input, string by, int version) => new()
    {
        Version = version,
        IsCurrent = true,
        Active = input.Active,
        Name = input.Name!.Trim(),
        ShortDescription = input.ShortDescription!.Trim(),
        Description = RecordText.TrimmedOrNull(input.Description),
        Category = RecordText.TrimmedOrNull(input.Category),
        Reason = RecordText.TrimmedOrNull(input.Reason),
        ImplementationPlan = RecordText.TrimmedOrNull(input.ImplementationPlan),
        BackoutPlan = RecordText.TrimmedOrNull(input.BackoutPlan),
        TestPlan = RecordText.TrimmedOrNull(input.TestPlan),
        AssignmentGroup = RecordText.TrimmedOrNull(input.AssignmentGroup),
        DurationMinutes = input.DurationMinutes ?? 60,
        ChangedBy = by,
        ChangedAt = history.Now,
    };

    private static StandardChangeTemplateView ToView(StandardChangeTemplate t) =>
        new(t.TemplateId, t.Version, t.Active, t.Name, t.ShortDescription, t.Description, t.Category, t.Reason, t.ImplementationPlan, t.BackoutPlan,
            t.TestPlan, t.AssignmentGroup, t.DurationMinutes, t.ChangedBy, t.ChangedAt);
}
