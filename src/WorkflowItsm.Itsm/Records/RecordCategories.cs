using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Records;

public sealed record SubcategoryView(string Code, string Name, bool Active);

public sealed record CategoryView(string Code, string Name, bool Active, IReadOnlyList<SubcategoryView> Subcategories);

/// <summary>What an admin sends for a category or subcategory: its name, and whether forms offer it. A new one may name its code (made from the name otherwise).</summary>
public sealed record CategoryInput(string? Name, bool? Active = null, string? Code = null);

/// <summary>A category still used by records or routing rules: it is deactivated instead (the API answers 409).</summary>
public sealed class CategoryInUseException(string message) : RecordConflictException(message);

/// <summary>
/// The categories and subcategories admins keep for incidents and problems (<see cref="RecordCategory"/>): the list
/// forms offer, adding, renaming, (de)activating and removing one that nothing uses, and the check of a record's
/// category and subcategory.
/// </summary>
public sealed partial class RecordCategories(ItsmDbContext db)
{
    private const string Record = "category";
    private const int Step = 10;

    /// <param name="activeOnly">Only what forms offer; admins see the inactive ones too.</param>
    public async Task<IReadOnlyList<CategoryView>> ListAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        var all = await db.RecordCategories.AsNoTracking().Where(c => !activeOnly || c.Active)
            .OrderBy(c => c.Order).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        var children = all.Where(c => c.IsSubcategory).ToLookup(c => c.Parent, StringComparer.Ordinal);
        return all.Where(c => !c.IsSubcategory)
            .Select(c => new CategoryView(c.Code, c.Name, c.Active, children[c.Code].Select(s => new SubcategoryView(s.Code, s.Name, s.Active)).ToList()))
            .ToList();
    }

    /// <summary>Adds a category (<paramref name="parent"/> null) or a subcategory of <paramref name="parent"/>, after its siblings.</summary>
    /// <exception cref="RecordNotFoundException">No category <paramref name="parent"/>.</exception>
    /// <exception cref="RecordValidationException"/>
    public async Task<CategoryView> AddAsync(string? parent, CategoryInput input, CancellationToken cancellationToken)
    {
        var parentCode = parent ?? "";
        if (parent is not null)
        {
            await FindAsync("", parent, cancellationToken);
        }

        var errors = new FieldErrors();
        var name = CheckName(errors, input.Name, required: true);
        var siblings = await db.RecordCategories.Where(c => c.Parent == parentCode).Select(c => new { c.Code, c.Name, c.Order }).ToListAsync(cancellationToken);
        var code = RecordText.TrimmedOrNull(input.Code) ?? CodeFrom(name ?? "", siblings.Select(s => s.Code));
        if (!CodePattern().IsMatch(code) || code.Length > Records.Record.CodeLength)
        {
            errors.Add("code", $"Code: lower-case letters, digits and dashes, at most {Records.Record.CodeLength} characters.");
        }
        else if (siblings.Any(s => s.Code == code))
        {
            errors.Add("code", $"Code: '{code}' is taken; choose another.");
        }

        if (name is not null && siblings.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("name", $"Name: there is a{(parent is null ? " category" : " subcategory here")} named '{name}' already.");
        }

        errors.ThrowIfAny(Record);
        db.RecordCategories.Add(new RecordCategory
        {
            Parent = parentCode, Code = code, Name = name!, Active = input.Active ?? true,
            Order = (siblings.Count == 0 ? 0 : siblings.Max(s => s.Order)) + Step,
        });
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(parent ?? code, cancellationToken);
    }

    /// <summary>Renames a category or subcategory, or (de)activates it; records keep its code.</summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException"/>
    public async Task<CategoryView> UpdateAsync(string? parent, string code, CategoryInput input, CancellationToken cancellationToken)
    {
        var category = await FindAsync(parent ?? "", code, cancellationToken);
        var errors = new FieldErrors();
        var name = input.Name is null ? null : CheckName(errors, input.Name, required: true);
        if (name is not null && await db.RecordCategories.AnyAsync(c => c.Parent == category.Parent && c.Code != code && c.Name == name, cancellationToken))
        {
            errors.Add("name", $"Name: '{name}' is taken here.");
        }

        errors.ThrowIfAny(Record);
        category.Name = name ?? category.Name;
        category.Active = input.Active ?? category.Active;
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(parent ?? code, cancellationToken);
    }

    /// <summary>Removes a category (with its subcategories) or a subcategory that no record and no routing rule uses.</summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="CategoryInUseException"/>
    public async Task RemoveAsync(string? parent, string code, CancellationToken cancellationToken)
    {
        var category = await FindAsync(parent ?? "", code, cancellationToken);
        var uses = parent is null
            ? await db.Incidents.CountAsync(i => i.Category == code, cancellationToken)
              + await db.Problems.CountAsync(p => p.Category == code, cancellationToken)
              + await db.IncidentRoutingRules.CountAsync(r => r.Category == code, cancellationToken)
            : await db.Incidents.CountAsync(i => i.Category == parent && i.Subcategory == code, cancellationToken);
        if (uses > 0)
        {
            throw new CategoryInUseException($"'{category.Name}' is used by {uses} record{(uses == 1 ? "" : "s")} or rule{(uses == 1 ? "" : "s")}: deactivate it instead, so they keep its name.");
        }

        var removed = parent is null
            ? db.RecordCategories.Where(c => (c.Parent == "" && c.Code == code) || c.Parent == code)
            : db.RecordCategories.Where(c => c.Parent == parent && c.Code == code);
        await removed.ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Checks a record's category and subcategory as given (null: unchanged; empty: cleared) against the active ones:
    /// a category must be one, a subcategory one of its category's (the record's <paramref name="currentCategory"/> when
    /// the category is not changed).
    /// </summary>
    internal async Task ValidateAsync(FieldErrors errors, string? category, string? subcategory, string? currentCategory, CancellationToken cancellationToken)
    {
        var newCategory = RecordText.TrimmedOrNull(category);
        if (newCategory is not null && !await db.RecordCategories.AnyAsync(c => c.Parent == "" && c.Code == newCategory && c.Active, cancellationToken))
        {
            errors.Add("category", $"Category: there is no category '{newCategory}' to choose (admins keep the list).");
            return;
        }

        var newSubcategory = RecordText.TrimmedOrNull(subcategory);
        if (newSubcategory is null)
        {
            return;
        }

        var parent = category is null ? currentCategory : newCategory;
        if (parent is null)
        {
            errors.Add("subcategory", "Subcategory: choose a category first.");
        }
        else if (!await db.RecordCategories.AnyAsync(c => c.Parent == parent && c.Code == newSubcategory && c.Active, cancellationToken))
        {
            errors.Add("subcategory", $"Subcategory: '{newSubcategory}' is not a subcategory of '{parent}'.");
        }
    }

    /// <summary>Whether <paramref name="subcategory"/> is one of <paramref name="category"/>'s (a record whose category changes drops a subcategory that is not).</summary>
    internal Task<bool> BelongsAsync(string category, string subcategory, CancellationToken cancellationToken) =>
        db.RecordCategories.AnyAsync(c => c.Parent == category && c.Code == subcategory, cancellationToken);

    private async Task<RecordCategory> FindAsync(string parent, string code, CancellationToken cancellationToken) =>
        await db.RecordCategories.FirstOrDefaultAsync(c => c.Parent == parent && c.Code == code, cancellationToken)
        ?? throw new RecordNotFoundException(parent.Length == 0 ? $"No category '{code}'." : $"No subcategory '{code}' of '{parent}'.");

    private async Task<CategoryView> ViewAsync(string code, CancellationToken cancellationToken) =>
        (await ListAsync(activeOnly: false, cancellationToken)).Single(c => c.Code == code);

    private static string? CheckName(FieldErrors errors, string? name, bool required)
    {
        errors.Length("name", name?.Trim(), RecordCategory.NameLength, required);
        return RecordText.TrimmedOrNull(name);
    }

    // "Access and accounts" → "access-and-accounts", "-2" added while a sibling has it.
    private static string CodeFrom(string name, IEnumerable<string> taken)
    {
        var stem = NotCodeCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');
        stem = stem.Length == 0 ? "category" : stem[..Math.Min(stem.Length, Records.Record.CodeLength - 4)];
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var code = stem;
        for (var i = 2; used.Contains(code); i++)
        {
            code = $"{stem}-{i}";
        }

        return code;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotCodeCharacters();
}
