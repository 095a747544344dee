using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>Messages to receive tasks, catch events and boundaries by name and correlation key, and message starts.</summary>
public sealed class MessageCorrelationTests : IAsyncLifetime
{
    private const string PaymentMessage = """<bpmn:message id="Msg_Payment" name="payment-received" />""";

    /// <summary>Waits at a receive task for the payment, then a user task.</summary>
    private static readonly string OrderProcess = RuntimeTestHost.Bpmn(PaymentMessage, """
        <bpmn:process id="order" isExecutable="true">
          <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:receiveTask id="WaitForPayment" messageRef="Msg_Payment"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:receiveTask>
          <bpmn:userTask id="Ship"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
          <bpmn:endEvent id="End"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="WaitForPayment" />
          <bpmn:sequenceFlow id="f2" sourceRef="WaitForPayment" targetRef="Ship" />
          <bpmn:sequenceFlow id="f3" sourceRef="Ship" targetRef="End" />
        </bpmn:process>
        """);

    /// <summary>A user task a "withdrawn" message interrupts; the catch event is keyed by a variable, not the business key.</summary>
    private static readonly string ReviewProcess = RuntimeTestHost.Bpmn("""
        <bpmn:message id="Msg_Withdrawn" name="withdrawn" />
        <bpmn:message id="Msg_Document" name="document-arrived" />
        """, """
        <bpmn:process id="review" isExecutable="true">
          <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:intermediateCatchEvent id="WaitForDocument">
            <bpmn:extensionElements><camunda:properties><camunda:property name="correlationKey" value="${ticket}" /></camunda:properties></bpmn:extensionElements>
            <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
            <bpmn:messageEventDefinition messageRef="Msg_Document" />
          </bpmn:intermediateCatchEvent>
          <bpmn:userTask id="Review"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
          <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Review"><bpmn:outgoing>f4</bpmn:outgoing><bpmn:messageEventDefinition messageRef="Msg_Withdrawn" /></bpmn:boundaryEvent>
          <bpmn:endEvent id="Reviewed"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
          <bpmn:endEvent id="Cancelled"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="WaitForDocument" />
          <bpmn:sequenceFlow id="f2" sourceRef="WaitForDocument" targetRef="Review" />
          <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="Reviewed" />
          <bpmn:sequenceFlow id="f4" sourceRef="Withdrawn" targetRef="Cancelled" />
        </bpmn:process>
        """);

    private static string MailProcess(string taskId) => RuntimeTestHost.Bpmn("""<bpmn:message id="Msg_Mail" name="mail-received" />""", $"""
        <bpmn:process id="mail-intake" isExecutable="true">
          <bpmn:startEvent id="MailStart"><bpmn:outgoing>f1</bpmn:outgoing><bpmn:messageEventDefinition messageRef="Msg_Mail" /></bpmn:startEvent>
          <bpmn:userTask id="{taskId}"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
          <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="MailStart" targetRef="{taskId}" />
          <bpmn:sequenceFlow id="f2" sourceRef="{taskId}" targetRef="End" />
        </bpmn:process>
        """);

    /// <summary>Pays an order: throws the payment message keyed by the order id it is started with.</summary>
    private static readonly string PayerProcess = RuntimeTestHost.Bpmn(PaymentMessage, """
        <bpmn:process id="payer" isExecutable="true">
          <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:intermediateThrowEvent id="SendPayment">
            <bpmn:extensionElements><camunda:properties><camunda:property name="correlationKey" value="${orderId}" /></camunda:properties></bpmn:extensionElements>
            <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
            <bpmn:messageEventDefinition messageRef="Msg_Payment" />
          </bpmn:intermediateThrowEvent>
          <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="SendPayment" />
          <bpmn:sequenceFlow id="f2" sourceRef="SendPayment" targetRef="End" />
        </bpmn:process>
        """);

    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployAsync(OrderProcess);
        await host.DeployAsync(ReviewProcess);
    }

    private Task<MessageCorrelationResult> CorrelateAsync(string name, string? key, Dictionary<string, object?>? variables = null) =>
        host.RuntimeAsync(r => r.CorrelateMessageAsync(name, key, variables, default));

    [Fact]
    public async Task A_message_reaches_the_receive_task_of_the_instance_with_that_business_key()
    {
        var paid = await host.StartProcessAsync("order", "ORD-1");
        var unpaid = await host.StartProcessAsync("order", "ORD-2");

        var result = await CorrelateAsync("payment-received", "ORD-1", new() { ["amount"] = 42L });

        result.CorrelatedInstanceIds.Should().Equal(paid.Id);
        result.StartedInstanceIds.Should().BeEmpty();
        var details = await host.DetailsAsync(paid.Id);
        details!.Instance.ActiveElements.Should().Equal("Ship");
        details.Variables.Should().ContainKey("amount").WhoseValue.Should().Be(42L);
        (await host.BookmarksAsync(paid.Id)).Should().NotContain(b => b.Kind == "Message", "the message consumed the subscription");
        (await host.InstanceAsync(unpaid.Id)).ActiveElements.Should().Be("WaitForPayment");
    }

    [Fact]
    public async Task A_message_nobody_waits_for_is_not_found_with_a_clear_message()
    {
        await host.StartProcessAsync("order", "ORD-1");

        var unknown = () => CorrelateAsync("no-such-message", null);
        var wrongKey = () => CorrelateAsync("payment-received", "ORD-404");

        (await unknown.Should().ThrowAsync<RuntimeNotFoundException>())
            .WithMessage("No process instance waits for message 'no-such-message', and no process starts with it.");
        (await wrongKey.Should().ThrowAsync<RuntimeNotFoundException>())
            .WithMessage("No process instance waits for message 'payment-received' with correlation key 'ORD-404', and no process starts with it.");
    }

    [Fact]
    public async Task A_buffered_message_reaches_the_instance_that_comes_to_wait_for_it_later()
    {
        var early = await host.RuntimeAsync(r => r.CorrelateMessageAsync("payment-received", "ORD-7", new Dictionary<string, object?> { ["amount"] = 7L }, default, TimeSpan.FromMinutes(10)));

        early.CorrelatedInstanceIds.Should().BeEmpty();
        early.BufferedUntil.Should().Be(host.Clock.GetUtcNow().UtcDateTime.AddMinutes(10));
        var other = await host.StartProcessAsync("order", "ORD-8");
        var order = await host.StartProcessAsync("order", "ORD-7");

        var details = await host.DetailsAsync(order.Id);
        details!.Instance.ActiveElements.Should().Equal(["Ship"], "the buffered payment was waiting for it");
        details.Variables.Should().ContainKey("amount").WhoseValue.Should().Be(7L);
        (await host.InstanceAsync(other.Id)).ActiveElements.Should().Be("WaitForPayment", "the message was keyed for ORD-7 only");
        var twice = await host.StartProcessAsync("order", "ORD-7");
        (await host.InstanceAsync(twice.Id)).ActiveElements.Should().Be("WaitForPayment", "a buffered message is taken once");
    }

    [Fact]
    public async Task A_buffered_message_past_its_time_is_not_delivered_and_an_overlong_buffer_is_refused()
    {
        await host.RuntimeAsync(r => r.CorrelateMessageAsync("payment-received", "ORD-9", null, default, TimeSpan.FromMinutes(1)));
        host.Clock.Advance(TimeSpan.FromMinutes(2));

        var order = await host.StartProcessAsync("order", "ORD-9");
        var tooLong = () => host.RuntimeAsync(r => r.CorrelateMessageAsync("payment-received", "ORD-9", null, default, TimeSpan.FromDays(30)));

        (await host.InstanceAsync(order.Id)).ActiveElements.Should().Be("WaitForPayment", "the buffered message had expired");
        await tooLong.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Without_a_key_the_message_must_be_unambiguous()
    {
        var first = await host.StartProcessAsync("order", "ORD-1");
        await host.StartProcessAsync("order", "ORD-2");

        var ambiguous = () => CorrelateAsync("payment-received", null);

        (await ambiguous.Should().ThrowAsync<RuntimeConflictException>()).WithMessage("2 process instances wait for message 'payment-received'*");
        (await host.InstanceAsync(first.Id)).ActiveElements.Should().Be("WaitForPayment", "nothing was delivered");
    }

    [Fact]
    public async Task A_message_delivered_twice_reaches_the_instance_once()
    {
        var order = await host.StartProcessAsync("order", "ORD-1");
        await CorrelateAsync("payment-received", "ORD-1");

        var again = () => CorrelateAsync("payment-received", "ORD-1");

        await again.Should().ThrowAsync<RuntimeNotFoundException>();
        (await host.InstanceAsync(order.Id)).Revision.Should().Be(2, "only the first message was a trigger");
    }

    [Fact]
    public async Task A_catch_event_correlates_by_its_own_key_and_a_boundary_message_interrupts_the_task()
    {
        var review = await host.StartProcessAsync("review", "CHG-1", new() { ["ticket"] = "T-77" });

        var byBusinessKey = () => CorrelateAsync("document-arrived", "CHG-1");
        await byBusinessKey.Should().ThrowAsync<RuntimeNotFoundException>("the catch event is keyed by the ticket variable");
        var arrived = await CorrelateAsync("document-arrived", "T-77");
        (await host.InstanceAsync(review.Id)).ActiveElements.Should().Be("Review");
        var withdrawn = await CorrelateAsync("withdrawn", "CHG-1");

        arrived.CorrelatedInstanceIds.Should().Equal(review.Id);
        withdrawn.CorrelatedInstanceIds.Should().Equal(review.Id);
        var details = await host.DetailsAsync(review.Id);
        details!.Instance.Status.Should().Be(InstanceRunStatus.Completed);
        details.Tasks.Should().ContainSingle().Which.Status.Should().Be(WorkflowItsm.Runtime.HumanTasks.HumanTaskStatus.Cancelled);
        details.Journal.Select(j => j.ElementId).Should().Contain("Cancelled");
    }

    [Fact]
    public async Task A_message_start_event_of_the_latest_version_starts_an_instance_with_the_key_as_business_key()
    {
        await host.DeployAsync(MailProcess("TriageMail"));
        await host.DeployAsync(MailProcess("TriageMailV2"));

        var result = await CorrelateAsync("mail-received", "MAIL-7", new() { ["subject"] = "Printer on fire" });

        var started = result.StartedInstanceIds.Should().ContainSingle().Subject;
        result.CorrelatedInstanceIds.Should().BeEmpty();
        var details = await host.DetailsAsync(started);
        details!.Instance.DefinitionVersion.Should().Be(2);
        details.Instance.BusinessKey.Should().Be("MAIL-7");
        details.Instance.ActiveElements.Should().Equal("TriageMailV2");
        details.Variables.Should().ContainKey("subject").WhoseValue.Should().Be("Printer on fire");
    }

    [Fact]
    public async Task A_message_thrown_by_an_instance_is_correlated_after_its_commit_and_an_undeliverable_one_is_journaled()
    {
        await host.DeployAsync(PayerProcess);
        var order = await host.StartProcessAsync("order", "ORD-1");

        var payer = await host.StartProcessAsync("payer", variables: new() { ["orderId"] = "ORD-1" });
        var lostPayer = await host.StartProcessAsync("payer", variables: new() { ["orderId"] = "ORD-404" });

        payer.Status.Should().Be(InstanceRunStatus.Completed);
        (await host.InstanceAsync(order.Id)).ActiveElements.Should().Be("Ship");
        (await host.InstanceAsync(lostPayer.Id)).Status.Should().Be(InstanceRunStatus.Completed, "the sender's commit stands");
        var journal = (await host.DetailsAsync(lostPayer.Id))!.Journal;
        journal.Should().ContainSingle(j => j.Kind == "MessageNotDelivered").Which.Detail.Should().Contain("ORD-404");
        (await host.DetailsAsync(payer.Id))!.Journal.Should().NotContain(j => j.Kind == "MessageNotDelivered");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
