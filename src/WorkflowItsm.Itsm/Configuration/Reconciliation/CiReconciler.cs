using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

/// <summary>
/// Decides and writes a batch of imported rows. <see cref="PlanAsync"/> decides everything (validity, which CI a row
/// is, which attribute values win) without writing; <see cref="ApplyAsync"/> writes exactly those decisions. A dry
/// run only plans and a commit plans then applies, so the plan a person saw is what the commit does.
/// Candidates are looked up for the whole batch by the identifying values (indexed, in any case), never by reading
/// every CI.
/// </summary>
public sealed class CiReconciler(ItsmDbContext db, CiAttributeValues attributeValues, RecordNumbers numbers, RecordHistory history)
{
    /// <summary>What one import remembers across its batches so one file does not describe one CI twice.</summary>
    internal sealed class ImportMemory
    {
        /// <summary>The identifying values of the rows planned as new, to the line of the row.</summary>
        public Dictionary<string, int> Inserted { get; } = new(StringComparer.Ordinal);

        /// <summary>The CIs rows update, to the line of the row.</summary>
        public Dictionary<long, int> Updated { get; } = [];
    }

    internal sealed record Decision(EffectiveAttribute Attribute, CiAttributeValue? Current, string? Incoming, bool Written, string Reason)
    {
        /// <summary>The stored value when decided (applying the decision changes <see cref="Current"/>).</summary>
        public string? OldValue { get; } = Current?.Value;

        public bool Changes => Written && !string.Equals(OldValue, Incoming, StringComparison.Ordinal);
    }

    internal sealed class PlannedRow(CiImportRow row)
    {
        public CiImportRow Row { get; } = row;
        public FieldErrors Errors { get; } = new();
        public CiClass? Class { get; set; }
        public Dictionary<EffectiveAttribute, string?> Values { get; set; } = [];
        public CiImportAction Action { get; set; }
        public ConfigurationItem? Target { get; set; }
        public List<string> Candidates { get; } = [];
        public string? MatchedBy { get; set; }
        public List<Decision> Decisions { get; } = [];

        public CiImportRowPlan ToPlan() => new(
            Row.Line, Class?.Key ?? Row.Class, Class?.Name, Row.Name?.Trim(), Action, Target?.Number, MatchedBy, Candidates,
            [.. Decisions.Select(d => new CiAttributeDecision(d.Attribute.Key, d.Attribute.Attribute.Name, d.OldValue, d.Incoming, d.Written, d.Reason))],
            [.. Errors.All.Select(e => new CiImportError(Row.Line, e.Field, e.Message))]);
    }

    /// <summary>Decides every row of the batch; writes nothing (the CIs and values it read are tracked, for <see cref="ApplyAsync"/>).</summary>
    internal async Task<IReadOnlyList<PlannedRow>> PlanAsync(
        CiReconciliationContext context, CiDataSource source, IReadOnlyList<CiImportRow> rows, ImportMemory memory, CancellationToken cancellationToken)
    {
        var planned = rows.Select(r => new PlannedRow(r)).ToList();
        foreach (var row in planned)
        {
            Validate(context.Model, row);
        }

        await attributeValues.CheckReferencesAsync([.. planned.Where(p => p.Class is not null).Select(p => ((IReadOnlyDictionary<EffectiveAttribute, string?>)p.Values, p.Errors))], cancellationToken);
        var valid = planned.Where(p => !p.Errors.Any).ToList();
        var candidates = await CandidatesAsync(context, valid, cancellationToken);
        var now = history.Now;
        foreach (var row in planned)
        {
            if (!row.Errors.Any)
            {
                Identify(context, row, candidates, memory);
            }

            if (!row.Errors.Any && row.Action is CiImportAction.Insert or CiImportAction.Update)
            {
                Reconcile(context, source, row, candidates, now);
            }

            if (row.Errors.Any)
            {
                row.Action = CiImportAction.Invalid;
            }
        }

        return planned;
    }

    /// <summary>Writes the batch's decisions into the unit of work and saves it (the caller holds the transaction).</summary>
    internal async Task ApplyAsync(CiDataSource source, IReadOnlyList<PlannedRow> planned, string by, CancellationToken cancellationToken)
    {
        var inserts = planned.Where(p => p.Action == CiImportAction.Insert).ToList();
        var newNumbers = inserts.Count == 0 ? [] : await numbers.NextRangeAsync(RecordNumbers.ConfigurationItem, inserts.Count, cancellationToken);
        var now = history.Now;
        for (var i = 0; i < inserts.Count; i++)
        {
            Insert(inserts[i], newNumbers[i], source, by, now);
        }

        foreach (var row in planned.Where(p => p.Action is CiImportAction.Update or CiImportAction.Unchanged && p.Target is not null))
        {
            Update(row, source, by, now);
        }

        foreach (var row in planned.Where(p => p.Action == CiImportAction.Ambiguous))
        {
            db.CiDuplicateTasks.Add(new CiDuplicateTask
            {
                ClassKey = row.Class!.Key, Name = row.Row.Name!.Trim(), Source = source.Key, Candidates = string.Join(',', row.Candidates), MatchedBy = row.MatchedBy ?? "",
                AttributesJson = JsonSerializer.Serialize(row.Row.Attributes ?? new Dictionary<string, string?>()), CreatedBy = by, CreatedAt = now,
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new RecordConcurrencyException(planned.FirstOrDefault(p => p.Target is not null)?.Target?.Number ?? "A configuration item");
        }
    }

    private static void Validate(CiModel model, PlannedRow row)
    {
        var input = row.Row;
        if (input.FormatError is { } format)
        {
            row.Errors.Add("line", format);
            return;
        }

        row.Class = model.ClassByKey(input.Class);
        if (row.Class is null)
        {
            row.Errors.Add("class", string.IsNullOrWhiteSpace(input.Class) ? "Class is required." : $"There is no class '{input.Class}'.");
        }

        row.Errors.Length("name", input.Name, Record.ShortDescriptionLength, required: true);
        if (row.Class is not null)
        {
            // A file of several classes has empty cells in the columns of the others: an empty value of an attribute the class lacks says nothing.
            var attributes = model.AttributesOf(row.Class.Id);
            var given = input.Attributes?.Where(a => !string.IsNullOrWhiteSpace(a.Value) || attributes.Any(e => string.Equals(e.Key, a.Key, StringComparison.OrdinalIgnoreCase)))
                .ToDictionary(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);
            row.Values = CiAttributeValues.NormalizeTypes(attributes, row.Class, given, isNew: false, row.Errors);
        }
    }

    /// <summary>The identifying value a row has for a rule's key (name or attribute), as compared; null when it has none.</summary>
    private static string? IdentifyingValue(PlannedRow row, string key) =>
        string.Equals(key, CiIdentificationRule.NameKey, StringComparison.OrdinalIgnoreCase)
            ? MatchText.Of(row.Row.Name)
            : MatchText.Of(row.Values.FirstOrDefault(v => string.Equals(v.Key.Key, key, StringComparison.OrdinalIgnoreCase)).Value);

    private static List<string>? RuleValues(PlannedRow row, EffectiveIdentificationRule rule)
    {
        var values = new List<string>(rule.Keys.Count);
        foreach (var key in rule.Keys)
        {
            if (IdentifyingValue(row, key) is not { } value)
            {
                return null;
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>The CIs any row of the batch may be (and all their attribute values), found by each rule's first value.</summary>
    private async Task<Candidates> CandidatesAsync(CiReconciliationContext context, List<PlannedRow> rows, CancellationToken cancellationToken)
    {
        var ids = new HashSet<long>();
        var lookups = rows.Where(r => !r.Row.CreateNew && r.Row.MergeInto is null)
            .SelectMany(r => context.RulesOf(r.Class!.Id).Select(rule => (Row: r, Key: rule.Keys[0], Value: RuleValues(r, rule)?[0])))
            .Where(l => l.Value is not null)
            .GroupBy(l => (l.Row.Class!.Id, Key: l.Key.ToLowerInvariant()));
        foreach (var lookup in lookups)
        {
            var classId = lookup.Key.Id;
            var values = lookup.Select(l => l.Value!).Distinct().ToList();
            if (lookup.Key.Key == CiIdentificationRule.NameKey)
            {
                ids.UnionWith(await db.ConfigurationItems.Where(c => c.ClassId == classId && values.Contains(c.MatchName!)).Select(c => c.Id).ToListAsync(cancellationToken));
                continue;
            }

            var attribute = context.Model.AttributesOf(classId).FirstOrDefault(a => string.Equals(a.Key, lookup.Key.Key, StringComparison.OrdinalIgnoreCase));
            if (attribute is not null)
            {
                var attributeId = attribute.Attribute.Id;
                ids.UnionWith(await db.CiAttributeValues.Where(v => v.AttributeId == attributeId && values.Contains(v.MatchValue!) && v.Ci!.ClassId == classId)
                    .Select(v => v.CiId).ToListAsync(cancellationToken));
            }
        }

        var chosen = rows.Select(r => r.Row.MergeInto).Where(n => n is not null).Select(n => n!.Trim().ToUpperInvariant()).ToList();
        if (chosen.Count > 0)
        {
            ids.UnionWith(await db.ConfigurationItems.Where(c => chosen.Contains(c.Number)).Select(c => c.Id).ToListAsync(cancellationToken));
        }

        var idList = ids.ToList();
        var cis = idList.Count == 0 ? [] : await db.ConfigurationItems.Where(c => idList.Contains(c.Id)).ToListAsync(cancellationToken);
        var values2 = idList.Count == 0 ? [] : await db.CiAttributeValues.Where(v => idList.Contains(v.CiId)).ToListAsync(cancellationToken);
        return new Candidates(cis, values2.ToLookup(v => v.CiId));
    }

    private sealed record Candidates(List<ConfigurationItem> Cis, ILookup<long, CiAttributeValue> Values)
    {
        public string? ValueOf(ConfigurationItem ci, EffectiveAttribute? attribute, string key) =>
            string.Equals(key, CiIdentificationRule.NameKey, StringComparison.OrdinalIgnoreCase)
                ? ci.MatchName
                : attribute is null ? null : Values[ci.Id].FirstOrDefault(v => v.AttributeId == attribute.Attribute.Id)?.MatchValue;
    }

    /// <summary>
    /// Which CI the row is: the rules in order, each used when the row has all its values; the first that matches
    /// any CI of the row's class decides (one: that CI; more: ambiguous). None: a new CI.
    /// </summary>
    private static void Identify(CiReconciliationContext context, PlannedRow row, Candidates candidates, ImportMemory memory)
    {
        var ciClass = row.Class!;
        if (row.Row.CreateNew)
        {
            row.Action = CiImportAction.Insert;
        }
        else if (row.Row.MergeInto is { } chosen)
        {
            row.Target = candidates.Cis.FirstOrDefault(c => string.Equals(c.Number, chosen.Trim(), StringComparison.OrdinalIgnoreCase));
            if (row.Target is null)
            {
                row.Errors.Add("mergeInto", $"There is no configuration item '{chosen}'.");
                return;
            }

            row.Action = CiImportAction.Update;
        }
        else
        {
            var attributes = context.Model.AttributesOf(ciClass.Id);
            var rules = context.RulesOf(ciClass.Id);
            foreach (var rule in rules)
            {
                if (RuleValues(row, rule) is not { } values)
                {
                    continue;
                }

                if (memory.Inserted.TryGetValue(IdentityKey(ciClass, rule, values), out var earlier))
                {
                    row.Errors.Add("name", $"Line {earlier} is the same {ciClass.Name.ToLowerInvariant()} (same {rule.InWords}); a file describes each CI once.");
                    return;
                }

                var ruleAttributes = rule.Keys.Select(k => attributes.FirstOrDefault(a => string.Equals(a.Key, k, StringComparison.OrdinalIgnoreCase))).ToList();
                var matches = candidates.Cis.Where(ci => ci.ClassId == ciClass.Id
                    && rule.Keys.Select((key, i) => string.Equals(candidates.ValueOf(ci, ruleAttributes[i], key), values[i], StringComparison.Ordinal)).All(m => m)).ToList();
                if (matches.Count == 0)
                {
                    continue;
                }

                row.MatchedBy = rule.InWords;
                if (matches.Count > 1)
                {
                    row.Action = CiImportAction.Ambiguous;
                    row.Candidates.AddRange(matches.Select(m => m.Number).Order(StringComparer.Ordinal));
                    return;
                }

                row.Target = matches[0];
                row.Action = CiImportAction.Update;
                break;
            }

            if (row.Target is null)
            {
                row.Action = CiImportAction.Insert;
            }
        }

        if (row.Action == CiImportAction.Insert)
        {
            foreach (var missing in context.Model.AttributesOf(ciClass.Id).Where(a => a.Attribute.Required && row.Values.GetValueOrDefault(a) is null))
            {
                row.Errors.Add(CiAttributeValues.FieldOf(missing.Key), $"{missing.Attribute.Name} is required for a new {ciClass.Name.ToLowerInvariant()}.");
            }

            if (!row.Errors.Any && !row.Row.CreateNew)
            {
                foreach (var rule in context.RulesOf(ciClass.Id))
                {
                    if (RuleValues(row, rule) is { } values)
                    {
                        memory.Inserted.TryAdd(IdentityKey(ciClass, rule, values), row.Row.Line);
                    }
                }
            }
        }
        else if (row.Target is { } target)
        {
            if (memory.Updated.TryGetValue(target.Id, out var earlier))
            {
                row.Errors.Add("name", $"Line {earlier} is {target.Number} too; a file describes each CI once.");
                return;
            }

            memory.Updated[target.Id] = row.Row.Line;
        }
    }

    private static string IdentityKey(CiClass ciClass, EffectiveIdentificationRule rule, IReadOnlyList<string> values) =>
        $"{ciClass.Id}|{rule.Order}|{string.Join('\u001f', values)}";

    /// <summary>Per attribute: the incoming value is written when nothing is stored, the same source wrote it, the source ranks at least as high, or the stored value is stale.</summary>
    private static void Reconcile(CiReconciliationContext context, CiDataSource source, PlannedRow row, Candidates candidates, DateTime now)
    {
        var current = row.Target is { } target ? candidates.Values[target.Id].ToList() : [];
        foreach (var (attribute, incoming) in row.Values)
        {
            var stored = current.FirstOrDefault(v => v.AttributeId == attribute.Attribute.Id);
            if (row.Target is null)
            {
                if (incoming is not null)
                {
                    row.Decisions.Add(new Decision(attribute, null, incoming, true, "new CI"));
                }

                continue;
            }

            if (incoming is null && !source.ClearsValues)
            {
                if (stored?.Value is not null)
                {
                    row.Decisions.Add(new Decision(attribute, stored, null, false, $"kept: an empty value from {source.Name} never clears a stored one"));
                }

                continue;
            }

            var (written, reason) = Decide(context, source, row.Class!, attribute, stored, now);
            if (string.Equals(stored?.Value, incoming, StringComparison.Ordinal))
            {
                if (incoming is not null)
                {
                    row.Decisions.Add(new Decision(attribute, stored, incoming, written, written ? "unchanged: the same value, confirmed" : "unchanged: the same value"));
                }

                continue;
            }

            row.Decisions.Add(new Decision(attribute, stored, incoming, written, reason));
        }

        if (row.Target is not null)
        {
            row.Action = row.Decisions.Any(d => d.Changes) ? CiImportAction.Update : CiImportAction.Unchanged;
        }
    }

    private static (bool Written, string Reason) Decide(
        CiReconciliationContext context, CiDataSource source, CiClass ciClass, EffectiveAttribute attribute, CiAttributeValue? stored, DateTime now)
    {
        if (stored?.Value is null)
        {
            return (true, "written: no value yet");
        }

        if (string.Equals(stored.Source, source.Key, StringComparison.OrdinalIgnoreCase))
        {
            return (true, $"written: {source.Name} wrote the stored value too");
        }

        var (incomingPriority, _) = context.PriorityOf(source.Key, attribute.Key);
        var (storedPriority, storedName) = context.PriorityOf(stored.Source, attribute.Key);
        if (incomingPriority >= storedPriority)
        {
            return (true, $"written: {source.Name} (priority {incomingPriority}) ranks at least as high as {storedName} (priority {storedPriority})");
        }

        var age = now - stored.WrittenAt;
        if (age > TimeSpan.FromDays(ciClass.RefreshPeriodDays))
        {
            return (true, $"written: {storedName}'s value is stale, written {Ago(age)} (refresh period {ciClass.RefreshPeriodDays} days)");
        }

        return (false, $"kept: written by {storedName} (priority {storedPriority}) {Ago(age)}");
    }

    private static string Ago(TimeSpan age) => (int)age.TotalDays switch
    {
        0 => "today",
        1 => "1 day ago",
        var days => $"{days} days ago",
    };

    private void Insert(PlannedRow row, string number, CiDataSource source, string by, DateTime now)
    {
        var ci = new ConfigurationItem
        {
            Number = number,
            ShortDescription = row.Row.Name!.Trim(),
            ClassId = row.Class!.Id,
            State = CiState.Operational,
            OpenedBy = by,
            OpenedAt = now,
            UpdatedAt = now,
        };
        db.ConfigurationItems.Add(ci);
        history.Created(ci, by);
        history.Audit(ci, "class", null, row.Class.Key, by, now, source.Key);
        foreach (var decision in row.Decisions.Where(d => d.Written && d.Incoming is not null))
        {
            db.CiAttributeValues.Add(new CiAttributeValue { Ci = ci, AttributeId = decision.Attribute.Attribute.Id, Value = decision.Incoming, Source = source.Key, WrittenAt = now });
            history.Audit(ci, decision.Attribute.Key, null, decision.Incoming, by, now, source.Key);
        }

        row.Target = ci;
    }

    private void Update(PlannedRow row, CiDataSource source, string by, DateTime now)
    {
        var ci = row.Target!;
        foreach (var decision in row.Decisions.Where(d => d.Written))
        {
            if (decision.Changes)
            {
                history.Audit(ci, decision.Attribute.Key, decision.OldValue, decision.Incoming, by, now, source.Key);
            }

            if (decision.Current is { } stored)
            {
                stored.Value = decision.Incoming;
                stored.Source = source.Key;
                stored.WrittenAt = now;
            }
            else
            {
                db.CiAttributeValues.Add(new CiAttributeValue { CiId = ci.Id, AttributeId = decision.Attribute.Attribute.Id, Value = decision.Incoming, Source = source.Key, WrittenAt = now });
            }
        }

        if (row.Decisions.Any(d => d.Changes))
        {
            ci.UpdatedAt = now;
            ci.Revision++;
        }
    }
}
