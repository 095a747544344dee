using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

public class GatewayTests
{
    private static string D(string expression) => "${" + expression + "}";

    private static readonly string Exclusive = $"""
        <bpmn:startEvent id="s" />
        <bpmn:exclusiveGateway id="gw" default="toC" />
        <bpmn:userTask id="a" /><bpmn:userTask id="b" /><bpmn:userTask id="c" />
        <bpmn:endEvent id="e" />
        {Flow("f1", "s", "gw")}
        {Flow("toA", "gw", "a", D("x > 10"))}
        {Flow("toB", "gw", "b", D("x > 5"))}
        {Flow("toC", "gw", "c")}
        {Flow("f2", "a", "e")}{Flow("f3", "b", "e")}{Flow("f4", "c", "e")}
        """;

    [Theory]
    [InlineData(20L, "a")]
    [InlineData(7L, "b")]
    [InlineData(1L, "c")]
    public async Task Exclusive_gateway_takes_the_first_true_condition_else_the_default(long x, string expected)
    {
        var runner = ProcessRunner.FromXml(Process(Exclusive));

        await runner.StartAsync(new() { ["x"] = x });

        runner.TokenPositions.Should().Equal(expected);
        runner.TokensAt(expected).Single().ArrivedVia.Should().Be("to" + expected.ToUpperInvariant());
    }

    [Fact]
    public async Task Exclusive_gateway_without_a_true_condition_fails_the_token_at_the_gateway()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
            {Flow("f1", "s", "gw")}{Flow("f2", "gw", "a", D("x == 1"))}{Flow("f3", "gw", "b", D("x == 2"))}
            """));

        var result = await runner.StartAsync(new() { ["x"] = 3L });

        result.Status.Should().Be(ExecutionStatus.ElementFailed);
        result.Failures.Should().ContainSingle().Which.ElementId.Should().Be("gw");
        runner.TokensAt("gw").Single().Phase.Should().Be(TokenPhase.Failed);

        runner.Variables["x"] = 2L; // an operator fixes the data, then retries
        var retried = await runner.TriggerAsync(new RetryRequested(result.Failures[0].TokenId));
        retried.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public async Task Parallel_gateway_forks_and_joins_once_every_branch_arrived()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="a" /><bpmn:userTask id="b" /><bpmn:task id="c" />
            <bpmn:parallelGateway id="join" />
            <bpmn:userTask id="after" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "fork")}{Flow("f2", "fork", "a")}{Flow("f3", "fork", "b")}{Flow("f4", "fork", "c")}
            {Flow("f5", "a", "join")}{Flow("f6", "b", "join")}{Flow("f7", "c", "join")}{Flow("f8", "join", "after")}{Flow("f9", "after", "e")}
            """));

        await runner.StartAsync();
        runner.TokenPositions.Should().Equal("a", "b", "join");
        runner.TokensAt("join").Single().Phase.Should().Be(TokenPhase.AtJoin);

        await runner.CompleteTaskAsync("a");
        runner.TokenPositions.Should().Equal("b", "join", "join");

        await runner.CompleteTaskAsync("b");
        runner.TokenPositions.Should().Equal("after");
        runner.Journal.Count(j => j.Kind == JournalEntryKind.ElementCompleted && j.ElementId == "join").Should().Be(1);
    }

    private static readonly string Inclusive = $"""
        <bpmn:startEvent id="s" />
        <bpmn:inclusiveGateway id="fork" default="toDefault" />
        <bpmn:userTask id="a" /><bpmn:userTask id="b" /><bpmn:userTask id="fallback" />
        <bpmn:inclusiveGateway id="join" />
        <bpmn:userTask id="after" />
        <bpmn:endEvent id="e" />
        {Flow("f1", "s", "fork")}
        {Flow("toA", "fork", "a", D("wantA"))}
        {Flow("toB", "fork", "b", D("wantB"))}
        {Flow("toDefault", "fork", "fallback")}
        {Flow("f2", "a", "join")}{Flow("f3", "b", "join")}{Flow("f4", "fallback", "join")}
        {Flow("f5", "join", "after")}{Flow("f6", "after", "e")}
        """;

    [Fact]
    public async Task Inclusive_gateway_forks_every_true_branch_and_joins_when_nothing_else_can_arrive()
    {
        var runner = ProcessRunner.FromXml(Process(Inclusive));

        await runner.StartAsync(new() { ["wantA"] = true, ["wantB"] = true });
        runner.TokenPositions.Should().Equal("a", "b");

        await runner.CompleteTaskAsync("a");
        runner.TokenPositions.Should().Equal(["b", "join"], "a token at b can still reach the join");

        await runner.CompleteTaskAsync("b");
        runner.TokenPositions.Should().Equal("after");
    }

    [Fact]
    public async Task Inclusive_join_fires_at_once_for_a_single_branch()
    {
        var runner = ProcessRunner.FromXml(Process(Inclusive));

        await runner.StartAsync(new() { ["wantA"] = false, ["wantB"] = true });
        runner.TokenPositions.Should().Equal("b");

        await runner.CompleteTaskAsync("b");
        runner.TokenPositions.Should().Equal("after");
    }

    [Fact]
    public async Task Inclusive_gateway_takes_the_default_when_no_condition_holds()
    {
        var runner = ProcessRunner.FromXml(Process(Inclusive));

        await runner.StartAsync(new() { ["wantA"] = false, ["wantB"] = false });

        runner.TokenPositions.Should().Equal("fallback");
    }

    [Fact]
    public async Task Inclusive_join_is_released_when_the_other_token_leaves_for_an_end()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="a" /><bpmn:userTask id="b" />
            <bpmn:exclusiveGateway id="decide" default="toJoin" />
            <bpmn:inclusiveGateway id="join" />
            <bpmn:endEvent id="early" /><bpmn:endEvent id="e" />
            {Flow("f1", "s", "fork")}{Flow("f2", "fork", "a")}{Flow("f3", "fork", "b")}
            {Flow("f4", "a", "join")}{Flow("f5", "b", "decide")}
            {Flow("toEarly", "decide", "early", D("skip"))}{Flow("toJoin", "decide", "join")}
            {Flow("f6", "join", "e")}
            """));
        await runner.StartAsync(new() { ["skip"] = true });
        await runner.CompleteTaskAsync("a");
        runner.TokenPositions.Should().Equal("b", "join");

        var result = await runner.CompleteTaskAsync("b");

        result.Status.Should().Be(ExecutionStatus.Completed);
        runner.Journal.Count(j => j.Kind == JournalEntryKind.ElementEntered && j.ElementId == "join").Should().Be(1);
    }

    [Fact]
    public async Task Event_based_gateway_takes_the_first_event_and_cancels_the_others()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:eventBasedGateway id="race" />
            <bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:receiveTask id="call" messageRef="c" />
            <bpmn:userTask id="handleReply" /><bpmn:userTask id="chase" /><bpmn:userTask id="handleCall" />
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" /><bpmn:endEvent id="e3" />
            {Flow("f1", "s", "race")}{Flow("f2", "race", "reply")}{Flow("f3", "race", "timeout")}{Flow("f4", "race", "call")}
            {Flow("f5", "reply", "handleReply")}{Flow("f6", "timeout", "chase")}{Flow("f7", "call", "handleCall")}
            {Flow("f8", "handleReply", "e1")}{Flow("f9", "chase", "e2")}{Flow("f10", "handleCall", "e3")}
            """, """<bpmn:message id="m" name="reply" /><bpmn:message id="c" name="call" />"""));

        var started = await runner.StartAsync();
        started.CreatedBookmarks.Select(b => (b.ElementId, b.Kind)).Should().BeEquivalentTo(new[]
        {
            ("reply", BookmarkKind.Message), ("timeout", BookmarkKind.Timer), ("call", BookmarkKind.Message),
        });
        runner.TokenPositions.Should().Equal("race");
        var timerId = runner.BookmarkAt("timeout").Id;

        var result = await runner.DeliverMessageAsync("reply", new() { ["answer"] = "yes" });

        runner.TokenPositions.Should().Equal("handleReply");
        runner.TokensAt("handleReply").Single().ArrivedVia.Should().Be("f5");
        runner.Variables["answer"].Should().Be("yes");
        result.CancelledTimerIds.Should().Equal(timerId);
        runner.State.Bookmarks.Should().ContainSingle(b => b.ElementId == "handleReply");
    }
}
