using System.Globalization;
using WorkflowItsm.Bpmn.Dmn.Feel;

namespace WorkflowItsm.Bpmn.Dmn;

/// <summary>Evaluates compiled decisions the way Camunda 7's DMN engine does.</summary>
internal static class DmnEvaluator
{
    public static DmnDecisionResult Evaluate(DmnDecision decision, IReadOnlyDictionary<string, object?> variables)
    {
        var scope = new DmnVariables(variables);
        var evaluated = new HashSet<string>(StringComparer.Ordinal);
        EvaluateRequired(decision, scope, evaluated);
        return EvaluateOne(decision, scope);
    }

    /// <summary>Required decisions first, depth first, each once; their results become variables.</summary>
    private static void EvaluateRequired(DmnDecision decision, DmnVariables scope, HashSet<string> evaluated)
    {
        foreach (var required in decision.RequiredDecisions)
        {
            if (!evaluated.Add(required.Id))
            {
                continue;
            }

            EvaluateRequired(required, scope, evaluated);
            AddToVariables(required, EvaluateOne(required, scope), scope);
        }
    }

    /// <summary>
    /// As Camunda: one result of a single-result decision puts its outputs as variables; several results (or a
    /// COLLECT/RULE ORDER table) put each output as the list of its values.
    /// </summary>
    private static void AddToVariables(DmnDecision decision, DmnDecisionResult result, DmnVariables scope)
    {
        if (result.Count == 0)
        {
            return;
        }

        var isMulti = decision.Table is { HitPolicy: HitPolicy.Collect or HitPolicy.RuleOrder or HitPolicy.OutputOrder };
        if (result.Count == 1 && !isMulti)
        {
            foreach (var (name, value) in result[0])
            {
                scope.With(name, value);
            }

            return;
        }

        foreach (var name in result.SelectMany(entry => entry.Keys).Distinct(StringComparer.Ordinal).ToList())
        {
            scope.With(name, result.CollectEntries(name).ToList());
        }
    }

    private static DmnDecisionResult EvaluateOne(DmnDecision decision, DmnVariables scope)
    {
        try
        {
            if (decision.Literal is { } literal)
            {
                var value = ToResult(literal.Expression.Evaluate(scope), literal.TypeRef, decision, literal.VariableName);
                return new DmnDecisionResult(decision.Id, [new Dictionary<string, object?>(StringComparer.Ordinal) { [literal.VariableName] = value }]);
            }

            return EvaluateTable(decision, decision.Table!, scope);
        }
        catch (FeelEvaluationException failure)
        {
            throw new DmnEvaluationException($"The decision '{decision.Id}' failed: {failure.Message}", decision.Id, failure);
        }
    }

    private static DmnDecisionResult EvaluateTable(DmnDecision decision, DmnDecisionTable table, DmnVariables scope)
    {
        var inputValues = new object?[table.Inputs.Count];
        for (var i = 0; i < inputValues.Length; i++)
        {
            var input = table.Inputs[i];
            inputValues[i] = FeelValues.FromClr(ToInputType(input.Expression.Evaluate(scope), input, decision));
        }

        var matches = new List<DmnRule>();
        var context = scope.Feel;
        foreach (var rule in table.Rules)
        {
            var matched = true;
            for (var i = 0; i < inputValues.Length && matched; i++)
            {
                context.Input = inputValues[i];
                scope.With(table.Inputs[i].InputVariable, inputValues[i]);
                matched = rule.InputEntries[i].Matches(context);
            }

            if (matched)
            {
                matches.Add(rule);
                if (table.HitPolicy == HitPolicy.First)
                {
                    break;
                }
            }
        }

        if (matches.Count == 0)
        {
            return new DmnDecisionResult(decision.Id, DefaultResult(decision, table, scope));
        }

        var results = matches.Select(rule => (IReadOnlyDictionary<string, object?>)Conclude(decision, table, rule, scope)).ToList();
        switch (table.HitPolicy)
        {
            case HitPolicy.Unique when matches.Count > 1:
                throw new DmnEvaluationException(
                    $"The decision '{decision.Id}' has hit policy UNIQUE but {matches.Count} rules match ({string.Join(", ", matches.Select(rule => $"'{rule.Id}'"))}); only one may.",
                    decision.Id);
            case HitPolicy.Any:
                for (var i = 1; i < results.Count; i++)
                {
                    if (!SameOutputs(results[0], results[i]))
                    {
                        throw new DmnEvaluationException(
                            $"The decision '{decision.Id}' has hit policy ANY but the matching rules '{matches[0].Id}' and '{matches[i].Id}' give different outputs.",
                            decision.Id);
                    }
                }

                return Single(decision, results[0]);
            case HitPolicy.Priority:
                return Single(decision, ByPriority(table, results)[0]);
            case HitPolicy.OutputOrder:
                return new DmnDecisionResult(decision.Id, ByPriority(table, results));
            case HitPolicy.Collect when table.Aggregation != CollectAggregation.None:
                return Aggregate(decision, table, results);
            case HitPolicy.Collect or HitPolicy.RuleOrder:
                return new DmnDecisionResult(decision.Id, results);
            default:
                return Single(decision, results[0]);
        }
    }

    private static DmnDecisionResult Single(DmnDecision decision, IReadOnlyDictionary<string, object?> entry) => new(decision.Id, [entry]);

    /// <summary>The outputs of one matching rule; an empty cell leaves its output out, as in Camunda.</summary>
    private static Dictionary<string, object?> Conclude(DmnDecision decision, DmnDecisionTable table, DmnRule rule, DmnVariables scope)
    {
        var entry = new Dictionary<string, object?>(table.Outputs.Count, StringComparer.Ordinal);
        for (var i = 0; i < table.Outputs.Count; i++)
        {
            if (rule.OutputEntries[i] is { } expression)
            {
                var output = table.Outputs[i];
                entry[output.Name] = ToResult(expression.Evaluate(scope), output.TypeRef, decision, output.Name);
            }
        }

        return entry;
    }

    /// <summary>No rule matched: the outputs' default entries, when the table has any (DMN 1.2+), else nothing.</summary>
    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> DefaultResult(DmnDecision decision, DmnDecisionTable table, DmnVariables scope)
    {
        if (table.Aggregation == CollectAggregation.Count)
        {
            return [new Dictionary<string, object?>(StringComparer.Ordinal) { [table.Outputs[0].Name] = 0L }];
        }

        if (table.Outputs.All(output => output.DefaultEntry is null))
        {
            return [];
        }

        var entry = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var output in table.Outputs)
        {
            entry[output.Name] = output.DefaultEntry is { } expression ? ToResult(expression.Evaluate(scope), output.TypeRef, decision, output.Name) : null;
        }

        return [entry];
    }

    private static bool SameOutputs(IReadOnlyDictionary<string, object?> left, IReadOnlyDictionary<string, object?> right) =>
        left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var other) && Equals(pair.Value, other));

    /// <summary>Orders results by the position of each output's value in its output values, first output first.</summary>
    private static List<IReadOnlyDictionary<string, object?>> ByPriority(DmnDecisionTable table, List<IReadOnlyDictionary<string, object?>> results) =>
        results.OrderBy(result => result, Comparer<IReadOnlyDictionary<string, object?>>.Create((a, b) =>
        {
            foreach (var output in table.Outputs.Where(output => output.OutputValues.Count > 0))
            {
                var order = Rank(output, a).CompareTo(Rank(output, b));
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        })).ToList();

    private static int Rank(DmnOutput output, IReadOnlyDictionary<string, object?> result)
    {
        var value = FeelValues.FromClr(result.GetValueOrDefault(output.Name));
        for (var i = 0; i < output.OutputValues.Count; i++)
        {
            if (FeelValues.AreEqual(value, output.OutputValues[i]))
            {
                return i;
            }
        }

        return output.OutputValues.Count;
    }

    /// <summary>SUM, MIN, MAX, COUNT over the one output (Camunda counts every value, not distinct ones).</summary>
    private static DmnDecisionResult Aggregate(DmnDecision decision, DmnDecisionTable table, List<IReadOnlyDictionary<string, object?>> results)
    {
        var output = table.Outputs[0];
        var values = results.Where(result => result.ContainsKey(output.Name)).Select(result => result[output.Name]).ToList();
        object? aggregate;
        if (table.Aggregation == CollectAggregation.Count)
        {
            aggregate = (long)values.Count;
        }
        else
        {
            var numbers = values.Where(value => value is not null).Select(value => FeelValues.FromClr(value)).ToList();
            if (numbers.Count == 0)
            {
                return new DmnDecisionResult(decision.Id, []);
            }

            if (numbers.Any(number => number is not decimal))
            {
                throw new DmnEvaluationException(
                    $"The decision '{decision.Id}' aggregates with {table.Aggregation.ToString().ToUpperInvariant()} but output '{output.Name}' has a value that is not a number.",
                    decision.Id);
            }

            var decimals = numbers.Cast<decimal>().ToList();
            aggregate = ToResult(table.Aggregation switch
            {
                CollectAggregation.Sum => decimals.Sum(),
                CollectAggregation.Min => decimals.Min(),
                _ => decimals.Max(),
            }, output.TypeRef, decision, output.Name);
        }

        return Single(decision, new Dictionary<string, object?>(StringComparer.Ordinal) { [output.Name] = aggregate });
    }

    /// <summary>
    /// Camunda's input type transformers: "5" is an integer 5, "true" a boolean; what does not convert is an error
    /// naming the input.
    /// </summary>
    private static object? ToInputType(object? value, DmnInput input, DmnDecision decision)
    {
        if (value is null || input.TypeRef is null)
        {
            return value;
        }

        var feel = FeelValues.FromClr(value);
        object? converted = input.TypeRef.Trim().ToUpperInvariant() switch
        {
            "STRING" => feel as string ?? FeelValues.Describe(feel),
            "BOOLEAN" => feel switch
            {
                bool b => b,
                string s when bool.TryParse(s.Trim(), out var parsed) => parsed,
                _ => null,
            },
            "INTEGER" or "INT" or "LONG" => feel switch
            {
                decimal d when d == decimal.Truncate(d) => d,
                string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => (decimal)parsed,
                _ => null,
            },
            "DOUBLE" or "NUMBER" or "DECIMAL" => feel switch
            {
                decimal d => d,
                string s when decimal.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            },
            "DATE" => feel switch
            {
                DateOnly or DateTime or DateTimeOffset => feel,
                string s => (object?)FeelValues.TryDate(s) ?? FeelValues.TryDateTime(s),
                _ => null,
            },
            "DATETIME" or "DATE AND TIME" => feel switch
            {
                DateTime or DateTimeOffset => feel,
                DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                string s => FeelValues.TryDateTime(s),
                _ => null,
            },
            _ => feel,
        };
        return converted ?? throw new DmnInputException(
            $"The input '{input.DisplayName}' of decision '{decision.Id}' is {FeelValues.Describe(feel)}, which is not a{(input.TypeRef.StartsWith('i') ? "n" : "")} {input.TypeRef}.",
            decision.Id, input.DisplayName);
    }

    /// <summary>A FEEL value as the process engine's types: integers long, other numbers double, dates DateTimeOffset.</summary>
    private static object? ToResult(object? value, string? typeRef, DmnDecision decision, string outputName)
    {
        var type = typeRef?.Trim().ToUpperInvariant();
        switch (value)
        {
            case null:
                return null;
            case decimal d when type is "DOUBLE":
                return (double)d;
            case decimal d when type is "INTEGER" or "INT" or "LONG":
                if (d != decimal.Truncate(d) || d > long.MaxValue || d < long.MinValue)
                {
                    throw new DmnEvaluationException($"The output '{outputName}' of decision '{decision.Id}' is {d}, which is not an {typeRef}.", decision.Id);
                }

                return (long)d;
            case decimal d:
                return d == decimal.Truncate(d) && d <= long.MaxValue && d >= long.MinValue ? (long)d : (double)d;
            case string s when type is "INTEGER" or "LONG" or "DOUBLE" or "BOOLEAN":
                throw new DmnEvaluationException($"The output '{outputName}' of decision '{decision.Id}' is \"{s}\", which is not a{(type == "INTEGER" ? "n" : "")} {typeRef}.", decision.Id);
            // Dates as the engine's variables store them (DateTimeOffset); a date without a zone is taken as UTC.
            case DateOnly date:
                return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            case DateTime dateTime:
                return new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Unspecified), TimeSpan.Zero);
            case TimeSpan span:
                return FeelValues.Describe(span);
            case YearMonthDuration months:
                return months.ToString();
            case TimeOnly time:
                return time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            case List<object?> list:
                return list.Select(item => ToResult(item, null, decision, outputName)).ToList();
            default:
                return value;
        }
    }
}
