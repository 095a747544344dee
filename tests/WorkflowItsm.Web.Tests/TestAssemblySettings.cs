// Test classes run side by side: each boots its own host on its own SQLite file (or PostgreSQL database), with its
// own Hangfire storage and free ports. The collections below keep together what must not overlap.

namespace WorkflowItsm.Web.Tests;

/// <summary>
/// The browser tests, one class at a time and not beside other tests: Playwright's 20 s waits were missed when a
/// Chromium shared two loaded cores with parallel hosts (a sign-in page that did not load in time).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserTestsOneAtATime
{
    public const string Name = "Browser tests one at a time";
}

/// <summary>
/// Tests that run alone, after all others: load and process tests with deadlines that a machine busy with other
/// hosts would miss. Real host processes (a failed start within a minute; the crash and two-host tests under a load
/// of a thousand instances) and bursts of concurrent requests (record numbers). Seen beside the parallel tests on two
/// loaded cores: a start that should fail in seconds took over a minute, and a burst on PostgreSQL answered 500s.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
