using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;

namespace WorkflowItsm.Benchmarks;

/// <summary>
/// The incident-triage lifecycle on WorkflowCore 3.22 with its in-memory persistence: classify priority from
/// impact × urgency, branch on priority, wait for the "task completed" event (WorkflowCore's equivalent of a user
/// task), end. WorkflowCore has no boundary timers, so the SLA timer of the BPMN model has no counterpart here.
/// </summary>
internal sealed class WorkflowCoreTriage : IAsyncDisposable
{
    private const string TaskCompleted = "task-completed";
    private readonly ServiceProvider services;
    private readonly IWorkflowHost host;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> waiting = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> completed = new();
    private readonly ConcurrentDictionary<string, long> startedAt = new();
    private readonly ConcurrentBag<double> firstWait = [];

    public WorkflowCoreTriage()
    {
        services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddWorkflow(options => options.UsePollInterval(TimeSpan.FromMilliseconds(100)))
            .BuildServiceProvider();
        host = services.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<TriageWorkflow, TriageData>();
        host.OnLifeCycleEvent += OnLifeCycleEvent;
        host.Start();
    }

    public IReadOnlyCollection<double> FirstWaitMicroseconds => firstWait;

    public void ResetLatencies() => firstWait.Clear();

    /// <summary>Runs <paramref name="count"/> lifecycles with <paramref name="concurrency"/> in flight; returns lifecycles per second.</summary>
    public async Task<double> RunAsync(int count, int concurrency)
    {
        var stopwatch = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(concurrency);
        var lifecycles = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await slots.WaitAsync();
            lifecycles.Add(OneLifecycleAsync(i).ContinueWith(_ => slots.Release(), TaskScheduler.Default));
        }

        await Task.WhenAll(lifecycles);
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    private async Task OneLifecycleAsync(int i)
    {
        var id = Guid.NewGuid().ToString();
        var atWait = waiting[id] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = completed[id] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        startedAt[id] = Stopwatch.GetTimestamp();
        await host.StartWorkflow(TriageWorkflow.Id, 1, new TriageData { Impact = 1 + (i % 3), Urgency = 1 + (i / 3 % 3) }, reference: id);
        await atWait.Task;
        await host.PublishEvent(TaskCompleted, id, "fixed");
        await done.Task;
        waiting.TryRemove(id, out _);
        completed.TryRemove(id, out _);
        startedAt.TryRemove(id, out _);
    }

    private void OnLifeCycleEvent(LifeCycleEvent evt)
    {
        var reference = evt.Reference;
        if (reference is null)
        {
            return;
        }

        if (evt is StepStarted started && started.StepId >= 0 && IsWaitStep(evt.WorkflowInstanceId, started.StepId) && waiting.TryGetValue(reference, out var atWait))
        {
            if (startedAt.TryGetValue(reference, out var start))
            {
                firstWait.Add(Clock.MicrosecondsSince(start));
            }

            atWait.TrySetResult();
        }
        else if (evt is WorkflowCompleted && completed.TryGetValue(reference, out var done))
        {
            done.TrySetResult();
        }
    }

    private bool IsWaitStep(string instanceId, int stepId) =>
        host.Registry.GetDefinition(TriageWorkflow.Id, 1)?.Steps.FindById(stepId)?.BodyType == typeof(WorkflowCore.Primitives.WaitFor);

    public async ValueTask DisposeAsync()
    {
        host.Stop();
        await services.DisposeAsync();
    }

    internal sealed class TriageData
    {
        public int Impact { get; set; }
        public int Urgency { get; set; }
        public int Priority { get; set; }
        public string? Group { get; set; }
        public object? Resolution { get; set; }
    }

    internal sealed class ClassifyPriority : StepBody
    {
        public int Impact { get; set; }
        public int Urgency { get; set; }
        public int Priority { get; set; }

        public override ExecutionResult Run(IStepExecutionContext context)
        {
            Priority = Math.Min(5, Math.Max(1, Impact + Urgency - 1));
            return ExecutionResult.Next();
        }
    }

    internal sealed class TriageWorkflow : IWorkflow<TriageData>
    {
        public const string Id = "incident-triage";

        string IWorkflow<TriageData>.Id => Id;

        public int Version => 1;

        public void Build(IWorkflowBuilder<TriageData> builder) =>
            builder
                .StartWith<ClassifyPriority>()
                    .Input(step => step.Impact, data => data.Impact)
                    .Input(step => step.Urgency, data => data.Urgency)
                    .Output(data => data.Priority, step => step.Priority)
                .If(data => data.Priority <= 2).Do(high => high
                    .StartWith(context => ExecutionResult.Next())
                    .Output(data => data.Group, step => "service-desk-l2"))
                .If(data => data.Priority > 2).Do(normal => normal
                    .StartWith(context => ExecutionResult.Next())
                    .Output(data => data.Group, step => "service-desk"))
                // Effective date in the past: the event may be published as soon as the wait step has started.
                .WaitFor(TaskCompleted, (data, context) => context.Workflow.Reference, data => DateTime.MinValue)
                    .Output(data => data.Resolution, step => step.EventData);
    }
}
