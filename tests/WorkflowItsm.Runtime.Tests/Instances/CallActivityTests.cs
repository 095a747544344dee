using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Faults;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>
/// Call activities in the durable runtime (Camunda 7 semantics): the child is an instance of its own that records
/// its parent; bindings, in/out mappings, errors, cancellation, a missing called process and multi-instance.
/// </summary>
public sealed class CallActivityTests : IAsyncLifetime
{
    private const string Rejected = """<bpmn:error id="Err_Rejected" errorCode="REJECTED" />""";

    /// <summary>The called process: one approval task, then the end; <paramref name="versionTag"/> tells versions apart.</summary>
    private static string Approval(string taskId, string? versionTag = null) => RuntimeTestHost.Bpmn(string.Empty, $"""
        <bpmn:process id="approve-change" isExecutable="true" {(versionTag is null ? "" : $"camunda:versionTag=\"{versionTag}\"")}>
          <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:userTask id="{taskId}"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
          <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="{taskId}" />
          <bpmn:sequenceFlow id="f2" sourceRef="{taskId}" targetRef="End" />
        </bpmn:process>
        """);

    /// <summary>A parent around one call activity: <paramref name="call"/> is its attributes and extension elements.</summary>
    private static string Parent(string key, string callAttributes, string extensions = "", string loop = "", string declarations = Rejected) =>
        RuntimeTestHost.Bpmn(declarations, $"""
        <bpmn:process id="{key}" isExecutable="true">
          <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:callActivity id="CallApproval" {callAttributes}>
            <bpmn:extensionElements>{extensions}</bpmn:extensionElements>
            <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>{loop}
          </bpmn:callActivity>
          <bpmn:boundaryEvent id="WasRejected" attachedToRef="CallApproval"><bpmn:outgoing>f4</bpmn:outgoing><bpmn:errorEventDefinition errorRef="Err_Rejected" /></bpmn:boundaryEvent>
          <bpmn:userTask id="After"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
          <bpmn:userTask id="HandleRejection"><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:userTask>
          <bpmn:endEvent id="End"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
          <bpmn:endEvent id="RejectedEnd"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="CallApproval" />
          <bpmn:sequenceFlow id="f2" sourceRef="CallApproval" targetRef="After" />
          <bpmn:sequenceFlow id="f3" sourceRef="After" targetRef="End" />
          <bpmn:sequenceFlow id="f4" sourceRef="WasRejected" targetRef="HandleRejection" />
          <bpmn:sequenceFlow id="f5" sourceRef="HandleRejection" targetRef="RejectedEnd" />
        </bpmn:process>
        """);

    /// <summary>A called process that ends at once, with a BPMN error when <c>reject</c> is true.</summary>
    private static readonly string Verdict = RuntimeTestHost.Bpmn(Rejected, """
        <bpmn:process id="verdict" isExecutable="true">
          <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:exclusiveGateway id="Decide" default="f3"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing></bpmn:exclusiveGateway>
          <bpmn:endEvent id="RejectEnd"><bpmn:incoming>f2</bpmn:incoming><bpmn:errorEventDefinition errorRef="Err_Rejected" /></bpmn:endEvent>
          <bpmn:endEvent id="ApproveEnd"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Decide" />
          <bpmn:sequenceFlow id="f2" sourceRef="Decide" targetRef="RejectEnd"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${reject}</bpmn:conditionExpression></bpmn:sequenceFlow>
          <bpmn:sequenceFlow id="f3" sourceRef="Decide" targetRef="ApproveEnd" />
        </bpmn:process>
        """);

    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await RuntimeTestHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private async Task DeployLaterAsync(string xml)
    {
        // Each deployment at its own moment, as on a real clock (the deployment binding compares deployment moments).
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.DeployAsync(xml);
    }

    private Task<ProcessInstanceRecord> StartAsync(string key, string? businessKey = null, Dictionary<string, object?>? variables = null) =>
        host.StartProcessAsync(key, businessKey, variables);

    private Task<List<ProcessInstanceRecord>> ChildrenAsync(string parentId) =>
        host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.AsNoTracking()
            .Where(i => i.ParentInstanceId == parentId).OrderBy(i => i.StartedAt).ThenBy(i => i.Id).ToListAsync());

    private Task<List<HumanTaskRecord>> OpenTasksAsync(string instanceId) =>
        host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.AsNoTracking()
            .Where(t => t.InstanceId == instanceId && t.Status == HumanTaskStatus.Open).ToListAsync());

    private Task<ProcessInstanceRecord> CompleteTaskAsync(string taskId, Dictionary<string, object?>? variables = null) =>
        host.RuntimeAsync(r => r.CompleteTaskAsync(taskId, variables, "cab", default));

    private async Task<ProcessInstanceRecord> SingleChildAsync(string parentId) => (await ChildrenAsync(parentId)).Should().ContainSingle().Subject;

    [Fact]
    public async Task Latest_binding_starts_the_newest_version_as_a_child_and_the_childs_end_moves_the_parent_on()
    {
        await DeployLaterAsync(Approval("ApproveV1"));
        await DeployLaterAsync(Approval("ApproveV2"));
        await DeployLaterAsync(Parent("change", """calledElement="approve-change" """, """<camunda:out source="approved" target="changeApproved" />"""));

        var parent = await StartAsync("change");

        var child = await SingleChildAsync(parent.Id);
        child.DefinitionVersion.Should().Be(2);
        child.Status.Should().Be(InstanceRunStatus.Running);
        child.ParentCallActivityId.Should().Be("CallApproval");
        var call = (await host.BookmarksAsync(parent.Id)).Should().ContainSingle(b => b.Kind == "CallActivity").Subject;
        child.ParentBookmarkId.Should().Be(call.Id);
        var approve = (await OpenTasksAsync(child.Id)).Should().ContainSingle().Subject;
        approve.ElementId.Should().Be("ApproveV2");

        await CompleteTaskAsync(approve.Id, new() { ["approved"] = true });

        (await host.InstanceAsync(child.Id)).Status.Should().Be(InstanceRunStatus.Completed);
        (await OpenTasksAsync(parent.Id)).Should().ContainSingle().Which.ElementId.Should().Be("After", "the child's last step moved the parent on");
        (await host.BookmarksAsync(parent.Id)).Should().NotContain(b => b.Kind == "CallActivity");
        (await host.DetailsAsync(parent.Id))!.Variables.Should().Contain("changeApproved", true);
    }

    [Fact]
    public async Task Version_binding_calls_the_version_named_even_by_an_expression()
    {
        await DeployLaterAsync(Approval("ApproveV1"));
        await DeployLaterAsync(Approval("ApproveV2"));
        await DeployLaterAsync(Parent("change",
            """calledElement="approve-change" camunda:calledElementBinding="version" camunda:calledElementVersion="${approvalVersion}" """));

        var parent = await StartAsync("change", variables: new() { ["approvalVersion"] = 1L });

        var child = await SingleChildAsync(parent.Id);
        child.DefinitionVersion.Should().Be(1);
        (await OpenTasksAsync(child.Id)).Should().ContainSingle().Which.ElementId.Should().Be("ApproveV1");
    }

    [Fact]
    public async Task Deployment_binding_calls_the_version_deployed_with_the_parent_not_a_later_one()
    {
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.InScopeAsync(s => s.GetRequiredService<ProcessDeployer>().DeployAsync(
            [
                new BpmnFile("change.bpmn", Parent("change", """calledElement="approve-change" camunda:calledElementBinding="deployment" """)),
                new BpmnFile("approve.bpmn", Approval("ApproveV1")),
            ], "test", null, default));
        await DeployLaterAsync(Approval("ApproveV2"));

        var parent = await StartAsync("change");

        (await SingleChildAsync(parent.Id)).DefinitionVersion.Should().Be(1, "version 2 came in a later deployment");
        var latest = await host.RuntimeAsync(r => r.StartAsync(new StartProcessCommand("approve-change"), default));
        latest.DefinitionVersion.Should().Be(2);
    }

    [Fact]
    public async Task VersionTag_binding_calls_the_latest_version_with_that_tag()
    {
        await DeployLaterAsync(Approval("ApproveStable", "stable"));
        await DeployLaterAsync(Approval("ApproveBeta", "beta"));
        await DeployLaterAsync(Parent("change",
            """calledElement="approve-change" camunda:calledElementBinding="versionTag" camunda:calledElementVersionTag="stable" """));

        var parent = await StartAsync("change");

        var child = await SingleChildAsync(parent.Id);
        child.DefinitionVersion.Should().Be(1);
        (await OpenTasksAsync(child.Id)).Should().ContainSingle().Which.ElementId.Should().Be("ApproveStable");
    }

    [Fact]
    public async Task In_and_out_mappings_pass_variables_business_key_and_locals_as_camunda_does()
    {
        await DeployLaterAsync(Approval("Approve"));
        await DeployLaterAsync(Parent("change", """calledElement="approve-change" """, """
            <camunda:inputOutput><camunda:inputParameter name="priority">high</camunda:inputParameter></camunda:inputOutput>
            <camunda:in businessKey="#{execution.processBusinessKey}" />
            <camunda:in variables="all" />
            <camunda:in source="ci" target="configurationItem" />
            <camunda:in sourceExpression="${risk * 2}" target="weight" />
            <camunda:in source="priority" target="urgency" local="true" />
            <camunda:in source="ci" target="ciFromLocals" local="true" />
            <camunda:in source="missing" target="alsoMissing" />
            <camunda:out variables="all" />
            <camunda:out sourceExpression="${votes + 1}" target="voteCount" />
            """));

        var parent = await StartAsync("change", "CHG0001", new() { ["ci"] = "CI-7", ["risk"] = 3L, ["requester"] = "ana" });

        var child = await SingleChildAsync(parent.Id);
        child.BusinessKey.Should().Be("CHG0001");
        var childVariables = (await host.DetailsAsync(child.Id))!.Variables;
        childVariables.Should().Contain("ci", "CI-7").And.Contain("requester", "ana").And.Contain("configurationItem", "CI-7")
            .And.Contain("weight", 6L).And.Contain("urgency", "high").And.Contain("alsoMissing", null)
            .And.Contain("ciFromLocals", null, "local=\"true\" reads only the call activity's own variables");

        await CompleteTaskAsync((await OpenTasksAsync(child.Id)).Single().Id, new() { ["votes"] = 4L, ["decision"] = "approve" });

        var parentVariables = (await host.DetailsAsync(parent.Id))!.Variables;
        parentVariables.Should().Contain("decision", "approve").And.Contain("votes", 4L).And.Contain("voteCount", 5L)
            .And.Contain("weight", 6L, "out variables=\"all\" brings back every variable of the child");
        (await OpenTasksAsync(parent.Id)).Should().ContainSingle().Which.ElementId.Should().Be("After");
    }

    [Fact]
    public async Task A_child_that_ends_at_once_moves_the_parent_on_in_the_same_start()
    {
        await DeployLaterAsync(Verdict);
        await DeployLaterAsync(Parent("change", """calledElement="verdict" """, """<camunda:in variables="all" /><camunda:out source="reject" target="wasRejected" />"""));

        var parent = await StartAsync("change", variables: new() { ["reject"] = false });

        var child = await SingleChildAsync(parent.Id);
        child.Status.Should().Be(InstanceRunStatus.Completed);
        (await OpenTasksAsync(parent.Id)).Should().ContainSingle().Which.ElementId.Should().Be("After");
        (await host.BookmarksAsync(parent.Id)).Should().NotContain(b => b.Kind == "CallActivity", "the bookmark made and answered in one transaction is not stored");
        var journal = (await host.DetailsAsync(parent.Id))!.Journal;
        journal.Should().Contain(j => j.Kind == "ChildInstanceStarted" && j.ElementId == "CallApproval" && j.Detail!.Contains(child.Id));
        (await host.DetailsAsync(parent.Id))!.Variables.Should().Contain("wasRejected", false);
    }

    [Fact]
    public async Task An_error_end_event_in_the_child_is_caught_by_the_error_boundary_of_the_call_activity()
    {
        await DeployLaterAsync(Verdict);
        await DeployLaterAsync(Parent("change", """calledElement="verdict" """, """<camunda:in variables="all" />"""));

        var parent = await StartAsync("change", variables: new() { ["reject"] = true });

        (await OpenTasksAsync(parent.Id)).Should().ContainSingle().Which.ElementId.Should().Be("HandleRejection");
        (await host.InstanceAsync(parent.Id)).Status.Should().Be(InstanceRunStatus.Running);
        (await SingleChildAsync(parent.Id)).Status.Should().NotBe(InstanceRunStatus.Running);
    }

    [Fact]
    public async Task An_error_the_parent_does_not_catch_either_ends_the_parent_too()
    {
        await DeployLaterAsync(Verdict);
        // No matching boundary: the parent's call activity catches only another code.
        await DeployLaterAsync(Parent("change", """calledElement="verdict" """, """<camunda:in variables="all" />""",
            declarations: """<bpmn:error id="Err_Rejected" errorCode="SOMETHING_ELSE" />"""));

        var parent = await StartAsync("change", variables: new() { ["reject"] = true });

        var stored = await host.InstanceAsync(parent.Id);
        stored.Status.Should().Be(InstanceRunStatus.Faulted);
        stored.FaultElementId.Should().Be("CallApproval");
    }

    [Fact]
    public async Task Cancelling_the_parent_cancels_its_children_and_their_children()
    {
        await DeployLaterAsync(Approval("Approve"));
        await DeployLaterAsync(Parent("middle", """calledElement="approve-change" """));
        await DeployLaterAsync(Parent("top", """calledElement="middle" """));
        var top = await StartAsync("top");
        var middle = await SingleChildAsync(top.Id);
        var bottom = await SingleChildAsync(middle.Id);
        var approve = (await OpenTasksAsync(bottom.Id)).Single();

        await host.RuntimeAsync(r => r.CancelAsync(top.Id, "withdrawn", default));

        (await host.InstanceAsync(top.Id)).Status.Should().Be(InstanceRunStatus.Cancelled);
        (await host.InstanceAsync(middle.Id)).Status.Should().Be(InstanceRunStatus.Cancelled);
        (await host.InstanceAsync(bottom.Id)).Status.Should().Be(InstanceRunStatus.Cancelled);
        var task = await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.AsNoTracking().SingleAsync(t => t.Id == approve.Id));
        task.Status.Should().Be(HumanTaskStatus.Cancelled);
    }

    [Fact]
    public async Task Cancelling_only_the_child_fails_the_call_activity_visibly_and_a_retry_calls_again()
    {
        await DeployLaterAsync(Approval("Approve"));
        await DeployLaterAsync(Parent("change", """calledElement="approve-change" """));
        var parent = await StartAsync("change");
        var first = await SingleChildAsync(parent.Id);

        await host.RuntimeAsync(r => r.CancelAsync(first.Id, "wrong approver", default));

        var fault = (await host.InScopeAsync(s => s.GetRequiredService<FaultQueries>().ListAsync(new FaultFilter(parent.Id, Open: false), 1, 10, default)))
            .Items.Should().ContainSingle().Subject;
        fault.ElementId.Should().Be("CallApproval");
        fault.Message.Should().Contain(first.Id).And.Contain("cancelled");

        await host.RuntimeAsync(r => r.RetryFaultAsync(fault.Id, "olga", default));

        var children = await ChildrenAsync(parent.Id);
        children.Should().HaveCount(2);
        children.Should().ContainSingle(c => c.Status == InstanceRunStatus.Running).Which.Id.Should().NotBe(first.Id);
    }

    [Fact]
    public async Task A_missing_called_process_is_a_fault_on_the_parent_and_a_retry_after_deploying_it_starts_the_child()
    {
        await DeployLaterAsync(Parent("change", """calledElement="approve-change" """));

        var parent = await StartAsync("change");

        (await ChildrenAsync(parent.Id)).Should().BeEmpty();
        var stored = await host.InstanceAsync(parent.Id);
        stored.Status.Should().Be(InstanceRunStatus.Running);
        stored.FaultElementId.Should().Be("CallApproval");
        stored.FaultMessage.Should().Contain("'approve-change'").And.Contain("not deployed");
        var fault = (await host.InScopeAsync(s => s.GetRequiredService<FaultQueries>().ListAsync(new FaultFilter(parent.Id, Open: false), 1, 10, default)))
            .Items.Should().ContainSingle().Subject;
        fault.Status.Should().NotBe(FaultStatus.Resolved);

        await DeployLaterAsync(Approval("Approve"));
        await host.RuntimeAsync(r => r.RetryFaultAsync(fault.Id, "olga", default));

        var child = await SingleChildAsync(parent.Id);
        child.Status.Should().Be(InstanceRunStatus.Running);
        (await host.InstanceAsync(parent.Id)).FaultElementId.Should().BeNull();
        (await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Faults.AsNoTracking().SingleAsync(f => f.Id == fault.Id)))
            .ResolvedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task A_missing_version_is_a_fault_naming_the_version()
    {
        await DeployLaterAsync(Approval("Approve"));
        await DeployLaterAsync(Parent("change", """calledElement="approve-change" camunda:calledElementBinding="version" camunda:calledElementVersion="7" """));

        var parent = await StartAsync("change");

        (await host.InstanceAsync(parent.Id)).FaultMessage.Should().Contain("version 7 of process 'approve-change'");
        (await ChildrenAsync(parent.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_parallel_multi_instance_call_activity_starts_one_child_per_element_and_goes_on_when_all_ended()
    {
        await DeployLaterAsync(Approval("Approve"));
        await DeployLaterAsync(Parent("change", """calledElement="approve-change" """,
            """<camunda:in source="approver" target="assignedTo" local="true" /><camunda:in businessKey="#{execution.processBusinessKey}" />""",
            loop: """<bpmn:multiInstanceLoopCharacteristics camunda:collection="${approvers}" camunda:elementVariable="approver" />"""));

        var parent = await StartAsync("change", "CHG0002", new() { ["approvers"] = new List<object?> { "ana", "ben", "cy" } });

        var children = await ChildrenAsync(parent.Id);
        children.Should().HaveCount(3).And.OnlyContain(c => c.Status == InstanceRunStatus.Running && c.BusinessKey == "CHG0002");
        children.Select(c => c.ParentBookmarkId).Should().OnlyHaveUniqueItems();
        var assigned = new List<object?>();
        foreach (var child in children)
        {
            assigned.Add((await host.DetailsAsync(child.Id))!.Variables["assignedTo"]);
        }

        assigned.Should().BeEquivalentTo(["ana", "ben", "cy"]);
        (await host.DetailsAsync(parent.Id))!.Children.Should().HaveCount(3);

        foreach (var child in children)
        {
            (await OpenTasksAsync(parent.Id)).Should().BeEmpty("the call activity waits for every child");
            await CompleteTaskAsync((await OpenTasksAsync(child.Id)).Single().Id);
        }

        (await OpenTasksAsync(parent.Id)).Should().ContainSingle().Which.ElementId.Should().Be("After");
    }

    [Fact]
    public async Task A_sequential_multi_instance_call_activity_starts_the_next_child_when_one_ends()
    {
        await DeployLaterAsync(Approval("Approve"));
        await DeployLaterAsync(Parent("change", """calledElement="approve-change" """, string.Empty,
            loop: """<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>"""));
        var parent = await StartAsync("change");

        var first = await SingleChildAsync(parent.Id);
        await CompleteTaskAsync((await OpenTasksAsync(first.Id)).Single().Id);

        var children = await ChildrenAsync(parent.Id);
        children.Should().HaveCount(2);
        var second = children.Single(c => c.Id != first.Id);
        second.Status.Should().Be(InstanceRunStatus.Running);
        await CompleteTaskAsync((await OpenTasksAsync(second.Id)).Single().Id);
        (await OpenTasksAsync(parent.Id)).Should().ContainSingle().Which.ElementId.Should().Be("After");
    }

    [Fact]
    public async Task Migrating_the_parent_keeps_its_child_which_then_answers_the_migrated_call_activity()
    {
        await DeployLaterAsync(Approval("Approve"));
        await DeployLaterAsync(Parent("change", """calledElement="approve-change" """));
        var parent = await StartAsync("change");
        var child = await SingleChildAsync(parent.Id);
        await DeployLaterAsync(Parent("change", """calledElement="approve-change" """).Replace("CallApproval", "RequestApproval", StringComparison.Ordinal));

        var toTask = () => host.RuntimeAsync(r => r.MigrateAsync(parent.Id, 2, new Dictionary<string, string> { ["CallApproval"] = "After" }, "olga", default));
        await toTask.Should().ThrowAsync<RuntimeConflictException>().WithMessage("*call activities*After*");

        await host.RuntimeAsync(r => r.MigrateAsync(parent.Id, 2, new Dictionary<string, string> { ["CallApproval"] = "RequestApproval" }, "olga", default));

        var kept = await SingleChildAsync(parent.Id);
        kept.Id.Should().Be(child.Id);
        kept.Status.Should().Be(InstanceRunStatus.Running);
        kept.ParentCallActivityId.Should().Be("RequestApproval");
        await CompleteTaskAsync((await OpenTasksAsync(child.Id)).Single().Id);
        (await OpenTasksAsync(parent.Id)).Should().ContainSingle().Which.ElementId.Should().Be("After");
    }

    [Fact]
    public async Task An_interrupting_timer_on_the_call_activity_cancels_the_child()
    {
        await DeployLaterAsync(Approval("Approve"));
        await DeployLaterAsync(RuntimeTestHost.Bpmn(string.Empty, """
            <bpmn:process id="change" isExecutable="true">
              <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
              <bpmn:callActivity id="CallApproval" calledElement="approve-change"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:callActivity>
              <bpmn:boundaryEvent id="TooSlow" attachedToRef="CallApproval"><bpmn:outgoing>f3</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
              <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
              <bpmn:userTask id="Escalate"><bpmn:incoming>f3</bpmn:incoming></bpmn:userTask>
              <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="CallApproval" />
              <bpmn:sequenceFlow id="f2" sourceRef="CallApproval" targetRef="End" />
              <bpmn:sequenceFlow id="f3" sourceRef="TooSlow" targetRef="Escalate" />
            </bpmn:process>
            """));
        var parent = await StartAsync("change");
        var child = await SingleChildAsync(parent.Id);
        var timer = (await host.BookmarksAsync(parent.Id)).Single(b => b.Kind == "Timer");

        host.Clock.Advance(TimeSpan.FromHours(2));
        await host.RuntimeAsync(async r => { await r.FireTimerAsync(timer.Id, default); return 0; });

        (await host.InstanceAsync(child.Id)).Status.Should().Be(InstanceRunStatus.Cancelled);
        (await OpenTasksAsync(child.Id)).Should().BeEmpty();
        (await OpenTasksAsync(parent.Id)).Should().ContainSingle().Which.ElementId.Should().Be("Escalate");
    }

    [Fact]
    public async Task A_process_calling_itself_without_end_stops_at_the_call_depth_limit_with_a_fault()
    {
        await DeployLaterAsync(RuntimeTestHost.Bpmn(string.Empty, """
            <bpmn:process id="recurse" isExecutable="true">
              <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
              <bpmn:callActivity id="CallSelf" calledElement="recurse"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:callActivity>
              <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
              <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="CallSelf" />
              <bpmn:sequenceFlow id="f2" sourceRef="CallSelf" targetRef="End" />
            </bpmn:process>
            """));

        await StartAsync("recurse");

        var instances = await host.InstancesOfAsync("recurse");
        instances.Should().HaveCount(WorkflowRuntime.MaxCallDepth + 1);
        instances.Should().ContainSingle(i => i.FaultElementId != null)
            .Which.FaultMessage.Should().Contain($"deeper than {WorkflowRuntime.MaxCallDepth} levels");
    }

    [Fact]
    public async Task The_details_link_parent_and_children()
    {
        await DeployLaterAsync(Approval("Approve"));
        await DeployLaterAsync(Parent("change", """calledElement="approve-change" """));
        var parent = await StartAsync("change");
        var child = await SingleChildAsync(parent.Id);

        var parentDetails = (await host.DetailsAsync(parent.Id))!;
        var childDetails = (await host.DetailsAsync(child.Id))!;

        parentDetails.ParentInstanceId.Should().BeNull();
        parentDetails.Children.Should().ContainSingle().Which.Should().Match<ChildInstanceView>(c =>
            c.Id == child.Id && c.DefinitionKey == "approve-change" && c.Status == InstanceRunStatus.Running && c.CallActivityId == "CallApproval");
        childDetails.ParentInstanceId.Should().Be(parent.Id);
        childDetails.ParentCallActivityId.Should().Be("CallApproval");
        childDetails.Children.Should().BeEmpty();
    }
}
