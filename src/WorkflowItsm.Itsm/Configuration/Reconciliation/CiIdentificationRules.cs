using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

/// <summary>A class's identification rules as read: the effective ones, and the class they come from (null: the default, by name).</summary>
public sealed record CiIdentificationRulesView(string Class, string ClassName, bool Inherited, string? DefinedBy, string? DefinedByName, IReadOnlyList<IReadOnlyList<string>> Rules);

public sealed record CiIdentificationRulesInput(IReadOnlyList<IReadOnlyList<string>>? Rules);

/// <summary>Admins read and set a class's identification rules; an empty list gives the class its ancestor's rules again.</summary>
public sealed class CiIdentificationRules(ItsmDbContext db)
{
    public const int MaxRules = 10;

    /// <exception cref="RecordNotFoundException"/>
    public async Task<CiIdentificationRulesView> GetAsync(string classKey, CancellationToken cancellationToken)
    {
        var context = await CiReconciliationContext.LoadAsync(db, cancellationToken);
        var ciClass = context.Model.ClassByKey(classKey) ?? throw new RecordNotFoundException($"No class '{classKey}'.");
        return View(context, ciClass);
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">A key the class has no attribute for (rules[i]), an empty rule, too many.</exception>
    public async Task<CiIdentificationRulesView> SetAsync(string classKey, CiIdentificationRulesInput input, CancellationToken cancellationToken)
    {
        var model = await CiModel.LoadAsync(db, cancellationToken);
        var ciClass = model.ClassByKey(classKey) ?? throw new RecordNotFoundException($"No class '{classKey}'.");
        var attributes = model.AttributesOf(ciClass.Id);
        var errors = new FieldErrors();
        var rules = input.Rules ?? [];
        if (rules.Count > MaxRules)
        {
            errors.Add("rules", $"A class has at most {MaxRules} rules.");
        }

        var stored = new List<string>();
        for (var i = 0; i < rules.Count; i++)
        {
            var keys = new List<string>();
            foreach (var raw in rules[i] ?? [])
            {
                var key = raw?.Trim() ?? "";
                if (string.Equals(key, CiIdentificationRule.NameKey, StringComparison.OrdinalIgnoreCase))
                {
                    keys.Add(CiIdentificationRule.NameKey);
                }
                else if (attributes.FirstOrDefault(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase)) is { } attribute)
                {
                    keys.Add(attribute.Key);
                }
                else
                {
                    errors.Add($"rules[{i}]", $"{ciClass.Name} has no attribute '{key}' (a rule names attribute keys, or name).");
                }
            }

            if (keys.Count == 0)
            {
                errors.Add($"rules[{i}]", "A rule names at least one attribute key, or name.");
            }
            else if (keys.Distinct(StringComparer.OrdinalIgnoreCase).Count() != keys.Count)
            {
                errors.Add($"rules[{i}]", "A rule names each key once.");
            }

            var text = string.Join(',', keys);
            errors.Length($"rules[{i}]", text, CiIdentificationRule.KeysLength);
            stored.Add(text);
        }

        errors.ThrowIfAny("identification rules");
        await db.CiIdentificationRules.Where(r => r.ClassId == ciClass.Id).ExecuteDeleteAsync(cancellationToken);
        db.CiIdentificationRules.AddRange(stored.Select((keys, i) => new CiIdentificationRule { ClassId = ciClass.Id, Order = i + 1, Keys = keys }));
        await db.SaveChangesAsync(cancellationToken);
        return View(await CiReconciliationContext.LoadAsync(db, cancellationToken), ciClass);
    }

    private static CiIdentificationRulesView View(CiReconciliationContext context, CiClass ciClass)
    {
        var rules = context.RulesOf(ciClass.Id);
        var definedBy = rules[0].DefinedBy;
        return new CiIdentificationRulesView(ciClass.Key, ciClass.Name, definedBy?.Id != ciClass.Id, definedBy?.Key, definedBy?.Name, [.. rules.Select(r => r.Keys)]);
    }
}
