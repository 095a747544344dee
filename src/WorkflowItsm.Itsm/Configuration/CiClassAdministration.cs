using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

public sealed record NewCiClass(string? Key, string? Name, string? Parent = null, string? Description = null, int? RefreshPeriodDays = null);

public sealed record CiClassChanges(string? Name = null, string? Description = null, int? RefreshPeriodDays = null);

/// <summary>A choice's option: the key stored and the label shown (the key when none).</summary>
public sealed record CiChoiceOptionInput(string? Key, string? Label = null);

public sealed record NewCiAttribute(string? Key, string? Name, CiAttributeType? Type, bool Required = false, IReadOnlyList<CiChoiceOptionInput>? Options = null);

/// <summary>Name, whether required, and (for a choice) the whole new list of options; the type and key stay.</summary>
public sealed record CiAttributeChanges(string? Name = null, bool? Required = null, IReadOnlyList<CiChoiceOptionInput>? Options = null);

/// <summary>
/// Admins define the class tree and its attributes. An attribute's key must be free along the class's ancestry and
/// in its subclasses (a CI has one value per key), and may not be one of a CI's own fields (the audit names both
/// alike). An attribute's type does not change once defined: stored values would no longer be of it.
/// </summary>
public sealed partial class CiClassAdministration(ItsmDbContext db)
{
    public const int MaxRefreshPeriodDays = 3650;

    /// <summary>A CI's own fields, which the audit names as it names attributes.</summary>
    private static readonly string[] ReservedKeys =
        ["name", "shortDescription", "description", "class", "state", "businessCriticality", "operationalStatus", "assignmentGroup", "assignedTo"];

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex ClassKeyPattern();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9]*$")]
    private static partial Regex AttributeKeyPattern();

    /// <exception cref="RecordValidationException"/>
    public async Task<CiClass> CreateClassAsync(NewCiClass input, CancellationToken cancellationToken)
    {
        var model = await CiModel.LoadAsync(db, cancellationToken);
        var errors = new FieldErrors();
        var key = input.Key?.Trim() ?? "";
        if (!ClassKeyPattern().IsMatch(key) || key.Length > CiClass.KeyLength)
        {
            errors.Add("key", $"Key is lower-case letters, digits and '-', starting with a letter, at most {CiClass.KeyLength} characters.");
        }
        else if (model.ClassByKey(key) is not null)
        {
            errors.Add("key", $"There is a class '{key}' already.");
        }

        errors.Length("name", input.Name, Record.NameLength, required: true);
        errors.Texts(("description", input.Description));
        RefreshPeriod(input.RefreshPeriodDays, errors);
        var parent = model.ClassByKey(input.Parent);
        if (!string.IsNullOrWhiteSpace(input.Parent) && parent is null)
        {
            errors.Add("parent", $"There is no class '{input.Parent}'.");
        }

        errors.ThrowIfAny("class");
        var ciClass = new CiClass
        {
            Key = key, Name = input.Name!.Trim(), Description = RecordText.TrimmedOrNull(input.Description), ParentId = parent?.Id,
            RefreshPeriodDays = input.RefreshPeriodDays ?? parent?.RefreshPeriodDays ?? CiClass.DefaultRefreshPeriodDays,
        };
        db.CiClasses.Add(ciClass);
        await db.SaveChangesAsync(cancellationToken);
        return ciClass;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException"/>
    public async Task<CiClass> UpdateClassAsync(string key, CiClassChanges changes, CancellationToken cancellationToken)
    {
        var ciClass = await FindClassAsync(key, cancellationToken);
        var errors = new FieldErrors();
        if (changes.Name is not null)
        {
            errors.Length("name", changes.Name, Record.NameLength, required: true);
        }

        errors.Texts(("description", changes.Description));
        RefreshPeriod(changes.RefreshPeriodDays, errors);
        errors.ThrowIfAny("class");
        ciClass.Name = changes.Name?.Trim() ?? ciClass.Name;
        ciClass.Description = RecordText.Changed(changes.Description, ciClass.Description);
        ciClass.RefreshPeriodDays = changes.RefreshPeriodDays ?? ciClass.RefreshPeriodDays;
        await db.SaveChangesAsync(cancellationToken);
        return ciClass;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException"/>
    public async Task<CiAttribute> AddAttributeAsync(string classKey, NewCiAttribute input, CancellationToken cancellationToken)
    {
        var ciClass = await FindClassAsync(classKey, cancellationToken);
        var model = await CiModel.LoadAsync(db, cancellationToken);
        var errors = new FieldErrors();
        var key = input.Key?.Trim() ?? "";
        if (!AttributeKeyPattern().IsMatch(key) || key.Length > CiAttribute.KeyLength)
        {
            errors.Add("key", $"Key is letters and digits, starting with a letter (camelCase), at most {CiAttribute.KeyLength} characters.");
        }
        else if (ReservedKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("key", $"'{key}' is a field every CI has; choose another key.");
        }
        else if (model.AttributesOf(ciClass.Id).FirstOrDefault(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase)) is { } existing)
        {
            errors.Add("key", $"{ciClass.Name} has an attribute '{key}' already (from {existing.DefinedBy.Name}).");
        }
        else if (model.SelfAndDescendants(ciClass.Id).Skip(1).SelectMany(model.AttributesOf).FirstOrDefault(a => a.DefinedBy.Id != ciClass.Id
            && !model.IsA(ciClass.Id, a.DefinedBy.Id) && string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase)) is { } below)
        {
            errors.Add("key", $"{below.DefinedBy.Name}, a subclass, has an attribute '{key}' already.");
        }

        errors.Length("name", input.Name, Record.NameLength, required: true);
        if (input.Type is null)
        {
            errors.Add("type", $"Type is one of {string.Join(", ", Enum.GetNames<CiAttributeType>())}.");
        }

        var options = Options(input.Type, input.Options, errors);
        errors.ThrowIfAny("attribute");
        var order = await db.CiAttributes.Where(a => a.ClassId == ciClass.Id).Select(a => (int?)a.Order).MaxAsync(cancellationToken) ?? 0;
        var attribute = new CiAttribute { ClassId = ciClass.Id, Key = key, Name = input.Name!.Trim(), Type = input.Type!.Value, Required = input.Required, Order = order + 1 };
        db.CiAttributes.Add(attribute);
        await db.SaveChangesAsync(cancellationToken);
        db.CiChoiceOptions.AddRange(options.Select((o, i) => new CiChoiceOption { AttributeId = attribute.Id, Key = o.Key, Label = o.Label, Order = i + 1 }));
        await db.SaveChangesAsync(cancellationToken);
        return attribute;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException"/>
    public async Task<CiAttribute> UpdateAttributeAsync(string classKey, string key, CiAttributeChanges changes, CancellationToken cancellationToken)
    {
        var ciClass = await FindClassAsync(classKey, cancellationToken);
        var attribute = await db.CiAttributes.FirstOrDefaultAsync(a => a.ClassId == ciClass.Id && a.Key == key, cancellationToken)
            ?? throw new RecordNotFoundException($"{ciClass.Name} defines no attribute '{key}'.");
        var errors = new FieldErrors();
        if (changes.Name is not null)
        {
            errors.Length("name", changes.Name, Record.NameLength, required: true);
        }

        var options = changes.Options is null ? null : Options(attribute.Type, changes.Options, errors);
        errors.ThrowIfAny("attribute");
        attribute.Name = changes.Name?.Trim() ?? attribute.Name;
        attribute.Required = changes.Required ?? attribute.Required;
        if (options is not null)
        {
            await db.CiChoiceOptions.Where(o => o.AttributeId == attribute.Id).ExecuteDeleteAsync(cancellationToken);
            db.CiChoiceOptions.AddRange(options.Select((o, i) => new CiChoiceOption { AttributeId = attribute.Id, Key = o.Key, Label = o.Label, Order = i + 1 }));
        }

        await db.SaveChangesAsync(cancellationToken);
        return attribute;
    }

    private async Task<CiClass> FindClassAsync(string key, CancellationToken cancellationToken)
    {
        var wanted = key.Trim().ToLowerInvariant();
        return await db.CiClasses.FirstOrDefaultAsync(c => c.Key == wanted, cancellationToken) ?? throw new RecordNotFoundException($"No class '{key}'.");
    }

    private static void RefreshPeriod(int? days, FieldErrors errors)
    {
        if (days is < 1 or > MaxRefreshPeriodDays)
        {
            errors.Add("refreshPeriodDays", $"Refresh period is 1 to {MaxRefreshPeriodDays} days.");
        }
    }

    private static List<(string Key, string Label)> Options(CiAttributeType? type, IReadOnlyList<CiChoiceOptionInput>? input, FieldErrors errors)
    {
        var options = (input ?? []).Select(o => (Key: o.Key?.Trim() ?? "", Label: RecordText.TrimmedOrNull(o.Label) ?? o.Key?.Trim() ?? "")).ToList();
        if (type != CiAttributeType.Choice)
        {
            if (options.Count > 0)
            {
                errors.Add("options", "Only a choice has options.");
            }

            return [];
        }

        if (options.Count == 0)
        {
            errors.Add("options", "A choice needs at least one option.");
        }
        else if (options.Any(o => o.Key.Length == 0 || o.Key.Length > CiAttribute.KeyLength || o.Label.Length > Record.NameLength))
        {
            errors.Add("options", $"Each option has a key of 1 to {CiAttribute.KeyLength} characters and a label of at most {Record.NameLength}.");
        }
        else if (options.Select(o => o.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count)
        {
            errors.Add("options", "Option keys are unique.");
        }

        return options;
    }
}
