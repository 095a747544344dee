using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Validation;

namespace WorkflowItsm.Bpmn.Tests.Support;

/// <summary>
/// Drives one instance of a parsed, validated process through the engine the way the runtime would: keeps the
/// state between triggers and collects the journal of all runs.
/// </summary>
internal sealed class ProcessRunner
{
    private ProcessRunner(ProcessDefinition process, Dictionary<string, IServiceTaskHandler> handlers, WorkflowItsm.Bpmn.Dmn.IDecisionResolver? decisions = null)
    {
        Process = process;
        Handlers = handlers;
        Engine = new BpmnEngine(Scripts.Jint, name => handlers.GetValueOrDefault(name), Clock, ids: new SequentialIdGenerator("b"), decisions: decisions);
    }

    public ProcessDefinition Process { get; }
    public Dictionary<string, IServiceTaskHandler> Handlers { get; }
    public FixedClock Clock { get; } = new();
    public BpmnEngine Engine { get; }
    public InstanceState State { get; private set; } = null!;
    public ExecutionResult Last { get; private set; } = null!;
    public List<JournalEntry> Journal { get; } = [];

    public Dictionary<string, object?> Variables => State.Variables;

    /// <summary>Parses and validates (no errors allowed) and makes a runner for the first executable process.</summary>
    public static ProcessRunner FromXml(string xml, params (string Name, IServiceTaskHandler Handler)[] handlers) => FromXml(xml, null, handlers);

    /// <summary>As <see cref="FromXml(string, ValueTuple{string, IServiceTaskHandler}[])"/>, with decisions for business rule tasks.</summary>
    public static ProcessRunner FromXml(string xml, WorkflowItsm.Bpmn.Dmn.IDecisionResolver? decisions, params (string Name, IServiceTaskHandler Handler)[] handlers)
    {
        var parsed = new BpmnParser().Parse(xml);
        parsed.Problems.Should().BeEmpty();
        var problems = new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(parsed.Definitions!);
        problems.Where(p => p.Severity == BpmnProblemSeverity.Error).Should().BeEmpty();
        var process = parsed.Definitions!.Processes.First(p => p.IsExecutable);
        return new ProcessRunner(process, handlers.ToDictionary(h => h.Name, h => h.Handler), decisions);
    }

    public async Task<ExecutionResult> StartAsync(Dictionary<string, object?>? variables = null, string? startEventId = null, string? businessKey = null)
    {
        Last = await Engine.StartAsync(Process, new StartInstanceRequest(startEventId, businessKey, variables, InstanceId: "i1"), TestContext.Current.CancellationToken);
        State = Last.State;
        Journal.AddRange(Last.Journal);
        return Last;
    }

    public async Task<ExecutionResult> TriggerAsync(Trigger trigger)
    {
        Last = await Engine.TriggerAsync(Process, State, trigger, TestContext.Current.CancellationToken);
        State = Last.State;
        Journal.AddRange(Last.Journal);
        return Last;
    }

    public Bookmark BookmarkAt(string elementId) => State.Bookmarks.Single(b => b.ElementId == elementId);

    public IEnumerable<TokenState> TokensAt(string elementId) => State.Tokens.Where(t => t.ElementId == elementId);

    public IEnumerable<string> TokenPositions => State.Tokens.Select(t => t.ElementId).Order();

    public Task<ExecutionResult> CompleteTaskAsync(string elementId, Dictionary<string, object?>? variables = null) =>
        TriggerAsync(new UserTaskCompleted(BookmarkAt(elementId).Id, variables));

    public Task<ExecutionResult> FireTimerAsync(string elementId)
    {
        var bookmark = BookmarkAt(elementId);
        Clock.Now = bookmark.Due!.Value;
        return TriggerAsync(new TimerFired(bookmark.Id));
    }

    public Task<ExecutionResult> DeliverMessageAsync(string elementId, Dictionary<string, object?>? variables = null) =>
        TriggerAsync(new MessageReceived(BookmarkAt(elementId).Id, variables));

    /// <summary>The elements entered, in order, over all runs.</summary>
    public IEnumerable<string?> Entered => Journal.Where(j => j.Kind == JournalEntryKind.ElementEntered).Select(j => j.ElementId);
}
