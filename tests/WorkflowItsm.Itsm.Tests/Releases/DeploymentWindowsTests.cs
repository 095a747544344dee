using WorkflowItsm.Itsm.Releases;

namespace WorkflowItsm.Itsm.Tests.Releases;

/// <summary>Issue 19, test 2 (the gate's answers): deployment windows and blackouts decide allowed, prevented or waiting, naming the next window.</summary>
public sealed class DeploymentWindowsTests
{
    private static readonly DateTime Friday = new(2026, 12, 11, 12, 0, 0, DateTimeKind.Utc);

    private static readonly WindowOpening SaturdayNight = new(new DateTime(2026, 12, 12, 21, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 13, 1, 0, 0, DateTimeKind.Utc), "Saturday night");
    private static readonly WindowOpening NextSaturdayNight = new(new DateTime(2026, 12, 19, 21, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 20, 1, 0, 0, DateTimeKind.Utc), "Saturday night");

    [Fact]
    public void Test2_outside_any_window_the_deployment_waits_for_the_next_window()
    {
        var answer = DeploymentWindows.Decide(Friday, "production", [NextSaturdayNight, SaturdayNight], environmentHasWindows: true, []);

        answer.Decision.Should().Be(DeploymentDecision.Waiting);
        answer.NextWindow.Should().Be(SaturdayNight);
        answer.Reason.Should().Contain("Outside any deployment window of production").And.Contain("2026-12-12 21:00 UTC");
    }

    [Fact]
    public void Test2_inside_a_window_the_deployment_is_allowed_until_it_closes()
    {
        var answer = DeploymentWindows.Decide(SaturdayNight.Start.AddHours(1), "production", [SaturdayNight], environmentHasWindows: true, []);

        answer.Decision.Should().Be(DeploymentDecision.Allowed);
        answer.NextWindow!.End.Should().Be(SaturdayNight.End);
    }

    [Fact]
    public void Test2_inside_a_blackout_the_gate_answers_prevented_and_names_the_next_window_after_it()
    {
        // The year-end blackout covers this Saturday's window: the next one is the Saturday after.
        var blackout = new WindowOpening(new DateTime(2026, 12, 11, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 14, 0, 0, 0, DateTimeKind.Utc), "Year-end blackout");

        var answer = DeploymentWindows.Decide(Friday, "production", [SaturdayNight, NextSaturdayNight], environmentHasWindows: true, [blackout]);

        answer.Decision.Should().Be(DeploymentDecision.Prevented);
        answer.Reason.Should().Contain("Year-end blackout").And.Contain("Next window: 'Saturday night' from 2026-12-19 21:00 UTC");
        answer.NextWindow.Should().Be(NextSaturdayNight);
    }

    [Fact]
    public void Test2_a_blackout_cutting_into_a_window_shortens_it_and_the_next_window_starts_where_the_blackout_ends()
    {
        var blackout = new WindowOpening(SaturdayNight.Start.AddHours(-1), SaturdayNight.Start.AddHours(2), "Payroll run");

        var waiting = DeploymentWindows.Decide(Friday, "production", [SaturdayNight], environmentHasWindows: true, [blackout]);
        var cut = DeploymentWindows.Decide(SaturdayNight.Start.AddHours(-3), "production", [SaturdayNight], environmentHasWindows: true,
            [new WindowOpening(SaturdayNight.Start.AddHours(2), SaturdayNight.Start.AddHours(3), "Backup")]);

        waiting.NextWindow.Should().Be(SaturdayNight with { Start = blackout.End });
        cut.Decision.Should().Be(DeploymentDecision.Waiting);
        cut.NextWindow.Should().Be(SaturdayNight with { End = SaturdayNight.Start.AddHours(2) });
    }

    [Fact]
    public void Test2_an_environment_without_windows_takes_deployments_at_any_time_outside_blackouts()
    {
        var blackout = new WindowOpening(Friday.AddHours(-1), Friday.AddHours(5), "Maintenance of the build farm");

        DeploymentWindows.Decide(Friday, "test", [], environmentHasWindows: false, []).Decision.Should().Be(DeploymentDecision.Allowed);
        var prevented = DeploymentWindows.Decide(Friday, "test", [], environmentHasWindows: false, [blackout]);
        prevented.Decision.Should().Be(DeploymentDecision.Prevented);
        prevented.NextWindow!.Start.Should().Be(blackout.End);
    }

    [Fact]
    public void Test2_with_no_window_in_the_look_ahead_the_deployment_waits_without_a_next_window()
    {
        var answer = DeploymentWindows.Decide(Friday, "production", [], environmentHasWindows: true, []);

        answer.Decision.Should().Be(DeploymentDecision.Waiting);
        answer.NextWindow.Should().BeNull();
        answer.Reason.Should().Contain("no deployment window");
    }
}
