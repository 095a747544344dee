using System.Diagnostics;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;

namespace WorkflowItsm.Benchmarks;

/// <summary>
/// The incident-triage lifecycle on our engine, in memory: start (script task classifies priority, the gateway
/// routes, the user task opens with its SLA timer boundary) → complete the human task → end.
/// </summary>
internal sealed class WorkflowItsmTriage
{
    private readonly BpmnEngine engine = new(new JintScriptEngine());
    private readonly ProcessDefinition process;

    public WorkflowItsmTriage(string bpmnPath)
    {
        var parsed = new BpmnParser().Parse(File.ReadAllText(bpmnPath));
        if (!parsed.Succeeded)
        {
            throw new InvalidOperationException("incident-triage.bpmn does not parse: " + string.Join("; ", parsed.Problems));
        }

        process = parsed.Definitions!.Processes.Single(p => p.Id == "incident-triage");
    }

    /// <summary>One lifecycle; returns the start-to-first-wait time in microseconds.</summary>
    public async ValueTask<double> OneLifecycleAsync(int i)
    {
        var variables = new Dictionary<string, object?>
        {
            ["impact"] = (long)(1 + (i % 3)),
            ["urgency"] = (long)(1 + (i / 3 % 3)),
            ["shortDescription"] = "VPN fails",
        };
        var start = Stopwatch.GetTimestamp();
        var started = await engine.StartAsync(process, new StartInstanceRequest(Variables: variables));
        var firstWait = Clock.MicrosecondsSince(start);
        if (started.CreatedTasks.Count != 1)
        {
            throw new InvalidOperationException($"Expected one human task after start, got {started.CreatedTasks.Count} ({started.Status}).");
        }

        var completion = new Dictionary<string, object?> { ["resolutionCode"] = "fixed", ["resolutionNotes"] = "Restarted the VPN gateway" };
        var finished = await engine.TriggerAsync(process, started.State, new UserTaskCompleted(started.CreatedTasks[0].Id, completion));
        if (finished.Status != ExecutionStatus.Completed)
        {
            throw new InvalidOperationException($"Expected the instance to complete, it is {finished.Status}.");
        }

        return firstWait;
    }

    /// <summary>Runs lifecycles on <paramref name="workers"/> threads; returns lifecycles per second and the first-wait latencies.</summary>
    public async Task<(double PerSecond, List<double> FirstWait)> RunAsync(int count, int workers)
    {
        var latencies = new List<double>[workers];
        var perWorker = count / workers;
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, workers, async (worker, _) =>
        {
            var mine = latencies[worker] = new List<double>(perWorker);
            for (var i = 0; i < perWorker; i++)
            {
                mine.Add(await OneLifecycleAsync((worker * perWorker) + i));
            }
        });
        var seconds = stopwatch.Elapsed.TotalSeconds;
        return (perWorker * workers / seconds, latencies.SelectMany(l => l).ToList());
    }

    /// <summary>Bytes allocated per lifecycle, measured on one thread after warm-up.</summary>
    public async Task<double> BytesPerLifecycleAsync(int count)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            await OneLifecycleAsync(i);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;
    }
}
