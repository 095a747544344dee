using System.Reflection;
using Hangfire;
using Hangfire.Common;

namespace WorkflowItsm.Runtime.Jobs;

/// <summary>
/// How often a job method that throws is tried again (later each time) before it is given up as failed; without
/// it the job engine's default applies (10). Read by the Hangfire adapter (<see cref="JobRetriesFilterProvider"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public sealed class JobRetriesAttribute(int attempts) : Attribute
{
    public int Attempts { get; } = attempts;
}

/// <summary>
/// Gives Hangfire an <see cref="AutomaticRetryAttribute"/> for each job method or class marked
/// <see cref="JobRetriesAttribute"/>; at method or type scope it takes the place of the global one.
/// </summary>
internal sealed class JobRetriesFilterProvider : IJobFilterProvider
{
    private static readonly Lock Gate = new();

    /// <summary>Adds the provider to Hangfire's filter providers (a process-wide collection), once.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!JobFilterProviders.Providers.OfType<JobRetriesFilterProvider>().Any())
            {
                JobFilterProviders.Providers.Add(new JobRetriesFilterProvider());
            }
        }
    }

    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        if (job?.Method.GetCustomAttribute<JobRetriesAttribute>() is { } onMethod)
        {
            yield return new JobFilter(new AutomaticRetryAttribute { Attempts = onMethod.Attempts }, JobFilterScope.Method, null);
        }
        else if (job?.Type.GetCustomAttribute<JobRetriesAttribute>() is { } onType)
        {
            yield return new JobFilter(new AutomaticRetryAttribute { Attempts = onType.Attempts }, JobFilterScope.Type, null);
        }
    }
}
