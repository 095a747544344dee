using System.Collections.Concurrent;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.Timers;

namespace WorkflowItsm.Bpmn.Execution;

/// <summary>What every run of one engine shares: evaluators, handlers, clock, ids, options, parsed timers.</summary>
internal sealed class EngineServices(
    ExpressionEvaluator expressions,
    Func<string, IServiceTaskHandler?> handlers,
    TimeProvider time,
    IIdGenerator ids,
    BpmnEngineOptions options,
    Dmn.IDecisionResolver? decisions = null)
{
    // Only timers written literally in a model are cached, so the cache is bounded by the deployed models.
    private readonly ConcurrentDictionary<(TimerKind, string), TimerSchedule> _literalTimers = new();

    public ExpressionEvaluator Expressions { get; } = expressions;

    /// <summary>The same script engine, speaking JUEL in expressions: the evaluator of Camunda models.</summary>
    private readonly ExpressionEvaluator _juel = new(expressions.Scripts, ExpressionLanguage.Juel);

    /// <summary>The evaluator of a model's expression language.</summary>
    public ExpressionEvaluator ExpressionsFor(ExpressionLanguage language) => language == ExpressionLanguage.Juel ? _juel : Expressions;
    public Func<string, IServiceTaskHandler?> Handlers { get; } = handlers;
    public TimeProvider Time { get; } = time;
    public IIdGenerator Ids { get; } = ids;
    public BpmnEngineOptions Options { get; } = options;

    /// <summary>Finds the decisions business rule tasks evaluate; null when the host deploys none.</summary>
    public Dmn.IDecisionResolver? Decisions { get; } = decisions;

    public TimerSchedule ParseTimer(TimerKind kind, string text, bool isLiteral)
    {
        if (isLiteral && _literalTimers.TryGetValue((kind, text), out var cached))
        {
            return cached;
        }

        if (!TimerSchedule.TryParse(kind, text, out var schedule, out var error) || schedule is null)
        {
            throw new InvalidOperationException(error ?? $"Invalid timer '{text}'.");
        }

        if (isLiteral)
        {
            _literalTimers.TryAdd((kind, text), schedule);
        }

        return schedule;
    }

    /// <summary>The text of a timer definition: literal, or the value of its expression.</summary>
    public string TimerText(ExpressionText value, IVariableScope variables, ExpressionLanguage language) =>
        value.IsLiteral ? value.Raw.Trim() : ExpressionEvaluator.ToText(ExpressionsFor(language).Evaluate(value, variables)) ?? string.Empty;
}
