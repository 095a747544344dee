using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>A category as asked.</summary>
public sealed record CatalogCategoryInput(string? Name, string? Description = null, int Position = 0);

/// <summary>A variable set as asked: its name and variables.</summary>
public sealed record CatalogVariableSetInput(string? Name, IReadOnlyList<CatalogVariable>? Variables);

/// <summary>An item's draft as asked: its category and its definition (which publishing freezes into a version).</summary>
public sealed record CatalogItemInput
{
    public string? Category { get; init; }
    public string? Name { get; init; }
    public string? ShortDescription { get; init; }
    public string? Description { get; init; }
    public string? PictureUrl { get; init; }
    public decimal Price { get; init; }
    public OrderableBy OrderableBy { get; init; }
    public IReadOnlyList<string>? OrderablePeople { get; init; }
    public IReadOnlyList<string>? OrderableGroups { get; init; }
    public string? SlaDefinition { get; init; }
    public string? FulfilmentProcessKey { get; init; }
    public string? ApprovalRuleKey { get; init; }
    public IReadOnlyList<string>? VariableSets { get; init; }
    public IReadOnlyList<CatalogVariable>? Variables { get; init; }
    public IReadOnlyList<CatalogRule>? Rules { get; init; }
    public bool IsActive { get; init; } = true;
}

/// <summary>
/// Catalog administration: categories, variable sets, items' drafts (their variables and rules) and publishing.
/// A draft is checked whole at every save (nothing is saved when a field is wrong, and 400 names it); publishing
/// freezes the draft, its variable sets copied in, into the next version, which new orders take from then on.
/// </summary>
public sealed partial class CatalogAdministration(ItsmDbContext db, TimeProvider time)
{
    public const string Kind = "catalog item";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<CatalogCategory> SaveCategoryAsync(string key, CatalogCategoryInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        CheckKey(errors, "key", key);
        errors.Length("name", input.Name?.Trim(), Record.NameLength, required: true);
        errors.Texts(("description", input.Description));
        errors.ThrowIfAny("catalog category");
        var category = await db.Set<CatalogCategory>().FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        if (category is null)
        {
            category = new CatalogCategory { Key = key, Name = "" };
            db.Add(category);
        }

        category.Name = input.Name!.Trim();
        category.Description = RecordText.TrimmedOrNull(input.Description);
        category.Position = input.Position;
        await db.SaveChangesAsync(cancellationToken);
        return category;
    }

    public async Task<CatalogVariableSet> SaveVariableSetAsync(string key, CatalogVariableSetInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        CheckKey(errors, "key", key);
        errors.Length("name", input.Name?.Trim(), Record.NameLength, required: true);
        var variables = input.Variables ?? [];
        CheckVariables(errors, "variables", variables, []);
        errors.ThrowIfAny("variable set");
        var set = await db.Set<CatalogVariableSet>().FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (set is null)
        {
            set = new CatalogVariableSet { Key = key, Name = "", Variables = "[]" };
            db.Add(set);
        }

        set.Name = input.Name!.Trim();
        set.Variables = JsonSerializer.Serialize(variables, CatalogItemDefinition.Json);
        set.UpdatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        return set;
    }

    /// <summary>Creates the item or replaces its draft (the published versions stay as they are).</summary>
    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<CatalogItem> SaveItemAsync(string key, CatalogItemInput input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        CheckKey(errors, "key", key);
        if (string.IsNullOrWhiteSpace(input.Category))
        {
            errors.Add("category", "Give the item's category.");
        }
        else if (!await db.Set<CatalogCategory>().AnyAsync(c => c.Key == input.Category.Trim(), cancellationToken))
        {
            errors.Add("category", $"There is no catalog category '{input.Category.Trim()}'.");
        }

        var definition = new CatalogItemDefinition
        {
            Name = input.Name?.Trim() ?? "",
            ShortDescription = RecordText.TrimmedOrNull(input.ShortDescription),
            Description = RecordText.TrimmedOrNull(input.Description),
            PictureUrl = RecordText.TrimmedOrNull(input.PictureUrl),
            Price = input.Price,
            OrderableBy = input.OrderableBy,
            OrderablePeople = [.. (input.OrderablePeople ?? []).Select(RecordText.TrimmedOrNull).OfType<string>().Distinct(StringComparer.Ordinal)],
            OrderableGroups = [.. (input.OrderableGroups ?? []).Select(RecordText.TrimmedOrNull).OfType<string>().Distinct(StringComparer.Ordinal)],
            SlaDefinition = RecordText.TrimmedOrNull(input.SlaDefinition),
            FulfilmentProcessKey = RecordText.TrimmedOrNull(input.FulfilmentProcessKey),
            ApprovalRuleKey = RecordText.TrimmedOrNull(input.ApprovalRuleKey),
            VariableSets = [.. (input.VariableSets ?? []).Select(RecordText.TrimmedOrNull).OfType<string>().Distinct(StringComparer.Ordinal)],
            Variables = input.Variables ?? [],
            Rules = input.Rules ?? [],
        };
        await CheckDefinitionAsync(errors, definition, cancellationToken);
        errors.ThrowIfAny(Kind);

        var item = await db.Set<CatalogItem>().FirstOrDefaultAsync(i => i.Key == key, cancellationToken);
        if (item is null)
        {
            item = new CatalogItem { Key = key, CategoryKey = "", Draft = "", UpdatedBy = by };
            db.Add(item);
        }

        item.CategoryKey = input.Category!.Trim();
        item.Draft = definition.ToJson();
        item.IsActive = input.IsActive;
        item.UpdatedAt = Now;
        item.UpdatedBy = by;
        item.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        return item;
    }

    /// <summary>Adds a variable to the draft, or replaces the one with its key.</summary>
    public Task<CatalogItem> PutVariableAsync(string key, CatalogVariable variable, string by, CancellationToken cancellationToken) =>
        EditDraftAsync(key, d => d with
        {
            Variables = d.Variables.Any(v => v.Key == variable.Key)
                ? [.. d.Variables.Select(v => v.Key == variable.Key ? variable : v)]
                : [.. d.Variables, variable],
        }, by, cancellationToken);

    /// <exception cref="RecordNotFoundException">No such item or variable.</exception>
    public Task<CatalogItem> RemoveVariableAsync(string key, string variable, string by, CancellationToken cancellationToken) =>
        EditDraftAsync(key, d => d.Variables.Any(v => v.Key == variable)
            ? d with { Variables = [.. d.Variables.Where(v => v.Key != variable)] }
            : throw new RecordNotFoundException($"The item '{key}' has no variable '{variable}'."), by, cancellationToken);

    /// <summary>Adds a rule to the draft, or replaces the one with its name.</summary>
    public Task<CatalogItem> PutRuleAsync(string key, CatalogRule rule, string by, CancellationToken cancellationToken) =>
        EditDraftAsync(key, d => d with
        {
            Rules = d.Rules.Any(r => r.Name == rule.Name) ? [.. d.Rules.Select(r => r.Name == rule.Name ? rule : r)] : [.. d.Rules, rule],
        }, by, cancellationToken);

    /// <exception cref="RecordNotFoundException">No such item or rule.</exception>
    public Task<CatalogItem> RemoveRuleAsync(string key, string rule, string by, CancellationToken cancellationToken) =>
        EditDraftAsync(key, d => d.Rules.Any(r => r.Name == rule)
            ? d with { Rules = [.. d.Rules.Where(r => r.Name != rule)] }
            : throw new RecordNotFoundException($"The item '{key}' has no rule '{rule}'."), by, cancellationToken);

    /// <summary>
    /// Freezes the draft into the next version (its variable sets copied in) and offers it to new orders; requested
    /// items keep the version they were ordered with.
    /// </summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">The draft no longer holds (a rule or set it names was removed meanwhile).</exception>
    public async Task<CatalogItemVersion> PublishAsync(string key, string by, CancellationToken cancellationToken)
    {
        var item = await FindAsync(key, cancellationToken);
        var draft = CatalogItemDefinition.FromJson(item.Draft);
        var errors = new FieldErrors();
        await CheckDefinitionAsync(errors, draft, cancellationToken);
        errors.ThrowIfAny(Kind);
        var sets = await db.Set<CatalogVariableSet>().AsNoTracking().Where(s => draft.VariableSets.Contains(s.Key)).ToListAsync(cancellationToken);
        var snapshot = draft with
        {
            Variables = [.. draft.Variables, .. draft.VariableSets.SelectMany(k => sets.First(s => s.Key == k).VariableList)],
        };
        var last = await db.Set<CatalogItemVersion>().Where(v => v.ItemId == item.Id).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0;
        var version = new CatalogItemVersion
        {
            ItemId = item.Id, ItemKey = item.Key, Version = last + 1, Snapshot = snapshot.ToJson(), PublishedAt = Now, PublishedBy = by,
        };
        db.Add(version);
        item.CurrentVersion = version.Version;
        item.UpdatedAt = Now;
        item.UpdatedBy = by;
        item.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        return version;
    }

    /// <exception cref="RecordNotFoundException"/>
    public async Task<CatalogItem> FindAsync(string key, CancellationToken cancellationToken) =>
        await db.Set<CatalogItem>().FirstOrDefaultAsync(i => i.Key == key, cancellationToken)
        ?? throw new CatalogItemNotFoundException($"No catalog item '{key}'.");

    private async Task<CatalogItem> EditDraftAsync(string key, Func<CatalogItemDefinition, CatalogItemDefinition> edit, string by, CancellationToken cancellationToken)
    {
        var item = await FindAsync(key, cancellationToken);
        var draft = edit(CatalogItemDefinition.FromJson(item.Draft));
        var errors = new FieldErrors();
        await CheckDefinitionAsync(errors, draft, cancellationToken);
        errors.ThrowIfAny(Kind);
        item.Draft = draft.ToJson();
        item.UpdatedAt = Now;
        item.UpdatedBy = by;
        item.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        return item;
    }

    private async Task CheckDefinitionAsync(FieldErrors errors, CatalogItemDefinition d, CancellationToken cancellationToken)
    {
        errors.Length("name", d.Name, Record.NameLength, required: true);
        errors.Length("shortDescription", d.ShortDescription, Record.ShortDescriptionLength);
        errors.Texts(("description", d.Description));
        if (d.PictureUrl is { } picture && !(picture.StartsWith('/') || Uri.TryCreate(picture, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add("pictureUrl", "The picture is a web address (http(s)://…) or a path on this site (/…).");
        }

        errors.Length("pictureUrl", d.PictureUrl, Record.TextLength);
        if (d.Price < 0)
        {
            errors.Add("price", "The price is 0 or more.");
        }

        await CheckOrderableAsync(errors, d, cancellationToken);
        if (d.SlaDefinition is { } sla && !await db.SlaDefinitions.AnyAsync(s => s.Name == sla, cancellationToken))
        {
            errors.Add("slaDefinition", $"There is no SLA definition '{sla}'.");
        }

        errors.Codes(("fulfilmentProcessKey", d.FulfilmentProcessKey));
        if (d.ApprovalRuleKey is { } rule
            && !await db.ApprovalRules.AnyAsync(r => r.Key == rule && r.IsActive && r.RecordKind == RecordNumbers.RequestedItem, cancellationToken))
        {
            errors.Add("approvalRuleKey", $"There is no active approval rule '{rule}' for requested items (RITM).");
        }

        var sets = await db.Set<CatalogVariableSet>().AsNoTracking().Where(s => d.VariableSets.Contains(s.Key)).ToListAsync(cancellationToken);
        foreach (var missing in d.VariableSets.Where(k => sets.All(s => s.Key != k)))
        {
            errors.Add("variableSets", $"There is no variable set '{missing}'.");
        }

        var fromSets = sets.SelectMany(s => s.VariableList).ToList();
        CheckVariables(errors, "variables", d.Variables, fromSets.Select(v => v.Key));
        CheckRules(errors, d.Rules, [.. d.Variables, .. fromSets]);
    }

    private async Task CheckOrderableAsync(FieldErrors errors, CatalogItemDefinition d, CancellationToken cancellationToken)
    {
        if (d.OrderableBy == OrderableBy.People && d.OrderablePeople.Count == 0)
        {
            errors.Add("orderablePeople", "Name the people who may order the item.");
        }

        if (d.OrderableBy == OrderableBy.Groups && d.OrderableGroups.Count == 0)
        {
            errors.Add("orderableGroups", "Name the groups whose members may order the item.");
        }

        var people = await db.Users.AsNoTracking().Where(u => d.OrderablePeople.Contains(u.UserName!)).Select(u => u.UserName!).ToListAsync(cancellationToken);
        foreach (var missing in d.OrderablePeople.Except(people, StringComparer.Ordinal))
        {
            errors.Add("orderablePeople", $"There is nobody called '{missing}'.");
        }

        var groups = await db.Groups.AsNoTracking().Where(g => d.OrderableGroups.Contains(g.Key)).Select(g => g.Key).ToListAsync(cancellationToken);
        foreach (var missing in d.OrderableGroups.Except(groups, StringComparer.Ordinal))
        {
            errors.Add("orderableGroups", $"There is no group '{missing}'.");
        }
    }

    private static void CheckVariables(FieldErrors errors, string at, IReadOnlyList<CatalogVariable> variables, IEnumerable<string> otherKeys)
    {
        var keys = new HashSet<string>(otherKeys, StringComparer.Ordinal);
        for (var i = 0; i < variables.Count; i++)
        {
            var v = variables[i];
            var field = $"{at}[{i}]";
            CheckKey(errors, $"{field}.key", v.Key);
            if (!string.IsNullOrEmpty(v.Key) && !keys.Add(v.Key))
            {
                errors.Add($"{field}.key", $"Two variables have the key '{v.Key}' (a variable set's included).");
            }

            errors.Length($"{field}.label", v.Label?.Trim(), Record.NameLength, required: true);
            errors.Texts(($"{field}.help", v.Help));
            if (v.Type is VariableType.Choice or VariableType.MultipleChoice)
            {
                if (v.Choices.Count == 0)
                {
                    errors.Add($"{field}.choices", "A choice variable offers at least one choice.");
                }

                if (v.Choices.Any(c => string.IsNullOrWhiteSpace(c.Value) || string.IsNullOrWhiteSpace(c.Label)))
                {
                    errors.Add($"{field}.choices", "Every choice has a value and a label.");
                }

                if (v.Choices.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() != v.Choices.Count)
                {
                    errors.Add($"{field}.choices", "Two choices have the same value.");
                }
            }

            if (v.Min is { } min && v.Max is { } max && min > max)
            {
                errors.Add($"{field}.max", "The maximum is not below the minimum.");
            }

            if (v.Pattern is { } pattern && !IsPattern(pattern))
            {
                errors.Add($"{field}.pattern", "The pattern is not a valid regular expression.");
            }

            if ((v.SetsPrice || v.InStockOnly) && v.Type != VariableType.AssetModel)
            {
                errors.Add($"{field}.type", "Only an asset model variable sets the price or offers models in stock.");
            }

            if (v.Default is not null && v.Label is not null && CatalogRuleEvaluator.Normalize(v, v.Default).Error is { } wrong)
            {
                errors.Add($"{field}.default", wrong);
            }
        }
    }

    private static void CheckRules(FieldErrors errors, IReadOnlyList<CatalogRule> rules, IReadOnlyList<CatalogVariable> variables)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string[] facts = [CatalogRuleEvaluator.PriceFact, CatalogRuleEvaluator.QuantityFact, CatalogRuleEvaluator.TotalFact];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var at = $"rules[{i}]";
            errors.Length($"{at}.name", rule.Name?.Trim(), Record.NameLength, required: true);
            if (!string.IsNullOrWhiteSpace(rule.Name) && !names.Add(rule.Name))
            {
                errors.Add($"{at}.name", $"Two rules are called '{rule.Name}'.");
            }

            for (var j = 0; j < rule.Conditions.Count; j++)
            {
                var c = rule.Conditions[j];
                if (!facts.Contains(c.Subject) && variables.All(v => v.Key != c.Subject))
                {
                    errors.Add($"{at}.conditions[{j}].subject", $"'{c.Subject}' is no variable of the item (nor {string.Join(", ", facts)}).");
                }

                if (c.Operator is not (RuleOperator.IsSet or RuleOperator.IsNotSet) && string.IsNullOrWhiteSpace(c.Value))
                {
                    errors.Add($"{at}.conditions[{j}].value", "Give the value the condition compares with.");
                }
            }

            if (rule.Actions.Count == 0)
            {
                errors.Add($"{at}.actions", "A rule does something: show, hide, require, make read-only or set a value.");
            }

            for (var j = 0; j < rule.Actions.Count; j++)
            {
                var a = rule.Actions[j];
                var variable = variables.FirstOrDefault(v => v.Key == a.Variable);
                if (variable is null)
                {
                    errors.Add($"{at}.actions[{j}].variable", $"'{a.Variable}' is no variable of the item.");
                }
                else if (a.Effect == RuleEffect.SetValue && CatalogRuleEvaluator.Normalize(variable, a.Value) is { Error: { } wrong })
                {
                    errors.Add($"{at}.actions[{j}].value", wrong);
                }
            }
        }
    }

    private static void CheckKey(FieldErrors errors, string field, string? key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > Record.CodeLength || !KeyPattern().IsMatch(key))
        {
            errors.Add(field, "A key is a letter followed by letters, digits, '-' or '_' (at most 100).");
        }
    }

    private static bool IsPattern(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex KeyPattern();
}
