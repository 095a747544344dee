using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Testing;

/// <summary>A job as planned: its class, method and arguments (taken when planned), and when it is due (null: at once).</summary>
public sealed record PlannedJob(string Id, Type JobType, MethodInfo Method, IReadOnlyList<object?> Arguments, DateTimeOffset? At);

/// <summary>
/// <see cref="IJobs"/> for tests: records what is planned, at once (the after-commit rule belongs to the Hangfire
/// adapter and is tested there), and runs a planned job when the test says so, as the job engine would: in a scope
/// of its own. Safe for planning from several threads.
/// </summary>
public sealed class RecordingJobs : IJobs
{
    private readonly ConcurrentQueue<PlannedJob> planned = new();
    private readonly ConcurrentDictionary<string, (PlannedJob Job, string Cron)> recurring = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> deleted = new(StringComparer.Ordinal);
    private int count;

    public IReadOnlyList<PlannedJob> Planned => [.. planned];

    public IReadOnlyDictionary<string, (PlannedJob Job, string Cron)> Recurring => recurring;

    public IReadOnlyCollection<string> Deleted => [.. deleted.Keys];

    /// <summary>The jobs of class <typeparamref name="TJob"/> planned so far, in order.</summary>
    public IReadOnlyList<PlannedJob> Of<TJob>() => planned.Where(j => j.JobType == typeof(TJob)).ToList();

    public string? Enqueue<TJob>(Expression<Func<TJob, Task>> call) => Record(call, null).Id;

    public string? Schedule<TJob>(Expression<Func<TJob, Task>> call, DateTimeOffset at) => Record(call, at).Id;

    public void AddOrUpdateRecurring<TJob>(string id, Expression<Func<TJob, Task>> call, string cron) =>
        recurring[id] = (Describe(id, call, null), cron);

    public void RemoveRecurring(string id) => recurring.TryRemove(id, out _);

    public void Delete(string jobId) => deleted[jobId] = true;

    public bool IsPending(string jobId, TimeSpan processingTimeout) => !deleted.ContainsKey(jobId);

    /// <summary>Runs a planned job: resolves its class in a new scope of <paramref name="services"/> and calls its method.</summary>
    public static async Task RunAsync(PlannedJob job, IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = scope.ServiceProvider.GetRequiredService(job.JobType);
        await (Task)job.Method.Invoke(instance, [.. job.Arguments])!;
    }

    private PlannedJob Record<TJob>(Expression<Func<TJob, Task>> call, DateTimeOffset? at)
    {
        var job = Describe($"job-{Interlocked.Increment(ref count).ToString(CultureInfo.InvariantCulture)}", call, at);
        planned.Enqueue(job);
        return job;
    }

    private static PlannedJob Describe<TJob>(string id, Expression<Func<TJob, Task>> call, DateTimeOffset? at)
    {
        var method = call.Body as MethodCallExpression
            ?? throw new ArgumentException("A job is a call of one method of the job class: job => job.RunAsync(...).", nameof(call));
        var arguments = method.Arguments.Select(a => Expression.Lambda<Func<object?>>(Expression.Convert(a, typeof(object))).Compile()()).ToList();
        return new PlannedJob(id, typeof(TJob), method.Method, arguments, at);
    }
}
