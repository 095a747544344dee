using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;

namespace WorkflowItsm.Bpmn.Tests.Execution;

/// <summary>The reference model workflows/incident-triage.bpmn, end to end.</summary>
public class IncidentTriageTests
{
    private readonly RecordingHandler _notify = new();

    private ProcessRunner Runner() => ProcessRunner.FromXml(BpmnXml.Workflow("incident-triage.bpmn"), ("notify.sla-warning", _notify));

    private static Dictionary<string, object?> Report(long impact, long urgency) => new()
    {
        ["impact"] = impact,
        ["urgency"] = urgency,
        ["shortDescription"] = "Mail server down",
    };

    private static Dictionary<string, object?> Resolution() => new()
    {
        ["resolutionCode"] = "fixed",
        ["resolutionNotes"] = "Restarted the mail relay.",
    };

    [Fact]
    public async Task High_impact_and_urgency_go_to_second_level_with_a_four_hour_sla_timer()
    {
        var runner = Runner();

        var result = await runner.StartAsync(Report(1, 2));

        result.Status.Should().Be(ExecutionStatus.Running);
        runner.Variables["priority"].Should().Be(2L);
        runner.TokenPositions.Should().Equal("ResolveHighPriorityIncident");
        var task = result.CreatedTasks.Should().ContainSingle().Subject;
        task.ElementId.Should().Be("ResolveHighPriorityIncident");
        task.CandidateGroups.Should().Equal("service-desk-l2");
        task.Priority.Should().Be(70);
        task.FormFields.Select(f => f.Id).Should().Equal("resolutionCode", "resolutionNotes");
        result.ScheduledTimers.Should().ContainSingle().Which.Due.Should().Be(FixedClock.Start.AddHours(4));
        runner.Entered.Should().Equal("IncidentReported", "ClassifyPriority", "PriorityGateway", "ResolveHighPriorityIncident");
    }

    [Fact]
    public async Task Low_priority_goes_to_the_service_desk_by_the_default_flow()
    {
        var runner = Runner();

        var result = await runner.StartAsync(Report(3, 3));

        runner.Variables["priority"].Should().Be(5L);
        result.CreatedTasks.Should().ContainSingle().Which.CandidateGroups.Should().Equal("service-desk");
        result.ScheduledTimers.Should().ContainSingle().Which.Due.Should().Be(FixedClock.Start.AddHours(8));
    }

    [Fact]
    public async Task Sla_timer_notifies_without_interrupting_and_completion_ends_the_instance()
    {
        var runner = Runner();
        await runner.StartAsync(Report(2, 2));
        var taskId = runner.BookmarkAt("ResolveIncident").Id;

        var warned = await runner.FireTimerAsync("SlaWarningTimer");

        warned.Status.Should().Be(ExecutionStatus.Running);
        _notify.Calls.Should().ContainSingle();
        _notify.Calls[0].Inputs.Should().Contain("group", "service-desk").And.Contain("slaHours", "8");
        _notify.Calls[0].Variables["shortDescription"].Should().Be("Mail server down");
        runner.TokenPositions.Should().Equal("ResolveIncident");
        runner.State.Bookmarks.Should().ContainSingle(b => b.Id == taskId);

        var done = await runner.TriggerAsync(new UserTaskCompleted(taskId, Resolution()));

        done.Status.Should().Be(ExecutionStatus.Completed);
        runner.State.Status.Should().Be(InstanceStatus.Completed);
        runner.State.Tokens.Should().BeEmpty();
        runner.State.Bookmarks.Should().BeEmpty();
        runner.Variables["resolutionCode"].Should().Be("fixed");
        done.RemovedBookmarks.Should().ContainSingle(b => b.Id == taskId);
        done.CancelledTaskIds.Should().BeEmpty("the task was completed, not cancelled");
        done.Journal.Select(j => j.Kind).Should().Contain(JournalEntryKind.TaskCompleted).And.EndWith(JournalEntryKind.InstanceCompleted);
    }

    [Fact]
    public async Task Completing_before_the_sla_cancels_the_timer()
    {
        var runner = Runner();
        await runner.StartAsync(Report(1, 1));
        var timerId = runner.BookmarkAt("HighSlaWarningTimer").Id;

        var done = await runner.CompleteTaskAsync("ResolveHighPriorityIncident", Resolution());

        done.Status.Should().Be(ExecutionStatus.Completed);
        done.CancelledTimerIds.Should().Equal(timerId);
        _notify.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Handler_failure_leaves_the_token_failed_at_the_notification_and_a_retry_runs_it_again()
    {
        var calls = 0;
        var flaky = new RecordingHandler(_ => ++calls == 1 ? throw new TimeoutException("mail relay timed out") : ServiceTaskResult.Empty);
        var runner = ProcessRunner.FromXml(BpmnXml.Workflow("incident-triage.bpmn"), ("notify.sla-warning", flaky));
        await runner.StartAsync(Report(3, 1));

        var failed = await runner.FireTimerAsync("SlaWarningTimer");

        failed.Status.Should().Be(ExecutionStatus.ElementFailed);
        var failure = failed.Failures.Should().ContainSingle().Subject;
        failure.ElementId.Should().Be("NotifySlaWarning");
        failure.Message.Should().Contain("mail relay timed out");
        runner.TokensAt("NotifySlaWarning").Should().ContainSingle().Which.Phase.Should().Be(TokenPhase.Failed);

        var retried = await runner.TriggerAsync(new RetryRequested(failure.TokenId));

        retried.Status.Should().Be(ExecutionStatus.Running);
        runner.TokenPositions.Should().Equal("ResolveIncident");
        flaky.Calls.Should().HaveCount(2);
    }

    [Fact]
    public async Task Form_values_are_checked_against_the_models_form_fields()
    {
        var runner = Runner();
        var badStart = () => runner.StartAsync(Report(4, 0));
        (await badStart.Should().ThrowAsync<FormRejectedException>()).Which.Errors.Select(e => e.FieldId).Should().Equal("impact", "urgency");

        await runner.StartAsync(Report(1, 1));
        var incomplete = () => runner.CompleteTaskAsync("ResolveHighPriorityIncident", new() { ["resolutionCode"] = "rebooted" });

        var rejected = (await incomplete.Should().ThrowAsync<FormRejectedException>()).Which;
        rejected.Errors.Should().BeEquivalentTo(new[]
        {
            new { FieldId = "resolutionCode", Message = "Resolution must be one of fixed, workaround, duplicate." },
            new { FieldId = "resolutionNotes", Message = "Resolution notes is required." },
        });
        runner.TokenPositions.Should().Equal("ResolveHighPriorityIncident");
    }
}
