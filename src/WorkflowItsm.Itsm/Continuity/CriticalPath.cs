namespace WorkflowItsm.Itsm.Continuity;

/// <summary>A plan's duration: best (steps in parallel where dependencies allow: the longest dependency path) and worst (all in series).</summary>
public sealed record PlanDuration(int BestMinutes, int WorstMinutes, IReadOnlyList<int> CriticalSteps);

/// <summary>
/// The dependency graph of recovery steps, named by their order: what is wrong with it (a step depending on itself,
/// on a step that does not exist, or a cycle), its waves (each step after all it depends on) and its critical path.
/// </summary>
public static class CriticalPath
{
    public sealed record StepNode(int Order, int EstimateMinutes, IReadOnlyList<int> DependsOn);

    /// <summary>Messages naming the steps at fault; empty when the graph is a DAG of known steps.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<StepNode> steps)
    {
        var problems = new List<string>();
        var known = steps.Select(s => s.Order).ToHashSet();
        foreach (var step in steps)
        {
            if (step.DependsOn.Contains(step.Order))
            {
                problems.Add($"Step {step.Order} depends on itself.");
            }

            foreach (var missing in step.DependsOn.Where(d => !known.Contains(d)).Distinct())
            {
                problems.Add($"Step {step.Order} depends on step {missing}, which the plan does not have.");
            }
        }

        if (problems.Count == 0 && FindCycle(steps) is { } cycle)
        {
            problems.Add($"Steps {string.Join(" → ", cycle)} depend on each other in a cycle.");
        }

        return problems;
    }

    /// <summary>The steps in rounds: a round holds the steps whose dependencies are all in earlier rounds (run in parallel).</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Waves(IReadOnlyList<StepNode> steps)
    {
        var wave = new Dictionary<int, int>();
        int WaveOf(StepNode step) => wave.TryGetValue(step.Order, out var w) ? w
            : wave[step.Order] = step.DependsOn.Count == 0 ? 0 : step.DependsOn.Max(d => WaveOf(steps.Single(s => s.Order == d))) + 1;
        foreach (var step in steps)
        {
            WaveOf(step);
        }

        return [.. wave.GroupBy(w => w.Value).OrderBy(g => g.Key).Select(g => (IReadOnlyList<int>)[.. g.Select(w => w.Key).Order()])];
    }

    /// <summary>Best and worst duration; the graph must have no <see cref="Problems"/>.</summary>
    public static PlanDuration Measure(IReadOnlyList<StepNode> steps)
    {
        var byOrder = steps.ToDictionary(s => s.Order);
        var finish = new Dictionary<int, (int Minutes, int? Via)>();
        (int Minutes, int? Via) FinishOf(int order)
        {
            if (finish.TryGetValue(order, out var known))
            {
                return known;
            }

            var step = byOrder[order];
            var before = step.DependsOn.Select(d => (Order: d, FinishOf(d).Minutes)).OrderByDescending(d => d.Minutes).ThenBy(d => d.Order).FirstOrDefault();
            return finish[order] = (step.DependsOn.Count == 0 ? step.EstimateMinutes : before.Minutes + step.EstimateMinutes, step.DependsOn.Count == 0 ? null : before.Order);
        }

        if (steps.Count == 0)
        {
            return new PlanDuration(0, 0, []);
        }

        var last = steps.Select(s => (s.Order, FinishOf(s.Order).Minutes)).OrderByDescending(s => s.Minutes).ThenBy(s => s.Order).First();
        var path = new List<int>();
        for (int? at = last.Order; at is { } o; at = finish[o].Via)
        {
            path.Insert(0, o);
        }

        return new PlanDuration(last.Minutes, steps.Sum(s => s.EstimateMinutes), path);
    }

    private static List<int>? FindCycle(IReadOnlyList<StepNode> steps)
    {
        var byOrder = steps.ToDictionary(s => s.Order);
        var state = new Dictionary<int, int>(); // 1 on the path, 2 done
        var path = new List<int>();

        List<int>? Visit(int order)
        {
            state[order] = 1;
            path.Add(order);
            foreach (var next in byOrder[order].DependsOn.Order())
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.Skip(path.IndexOf(next)), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[order] = 2;
            return null;
        }

        foreach (var step in steps.OrderBy(s => s.Order))
        {
            if (state.GetValueOrDefault(step.Order) == 0 && Visit(step.Order) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
