using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace WorkflowItsm.Web.Scheduling;

/// <summary>
/// Hangfire's log provider is a process-wide static that the host started last sets. When that host stops, its
/// logger factory is disposed while other hosts in the process (the Web tests run side by side) still create jobs,
/// and creating a job asks for a logger: this provider then answers with a silent one instead of failing the job.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory loggers) : ILogProvider
{
    private readonly AspNetCoreLogProvider logs = new(loggers);

    public ILog GetLogger(string name)
    {
        try
        {
            return logs.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
