using Microsoft.Extensions.Logging;
using WorkflowItsm.Web.Scheduling;

namespace WorkflowItsm.Web.Tests.Scheduling;

public sealed class HostLogProviderTests
{
    [Fact]
    public void A_stopped_hosts_logger_factory_gives_a_silent_logger_instead_of_failing_the_job_being_created()
    {
        // Found by the Web tests side by side: a host stopped, Hangfire's process-wide log provider still held its
        // disposed logger factory, and another host's job creation answered 500 with an ObjectDisposedException.
        var loggers = LoggerFactory.Create(_ => { });
        var provider = new HostLogProvider(loggers);
        provider.GetLogger("before").Should().NotBeNull();
        loggers.Dispose();

        var logger = provider.GetLogger("after");

        logger.Log(Hangfire.Logging.LogLevel.Error, () => "still quiet").Should().BeFalse();
    }
}
