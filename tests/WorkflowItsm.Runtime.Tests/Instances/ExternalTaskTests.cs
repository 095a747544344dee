using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>External tasks: fetch and lock by topic, only the lock owner answers, failures with and without retries, BPMN errors.</summary>
public sealed class ExternalTaskTests : IAsyncLifetime
{
    /// <summary>Charges a card through an external worker; a "card-declined" BPMN error goes to a person.</summary>
    private static readonly string ChargeProcess = RuntimeTestHost.Bpmn("""<bpmn:error id="Err_Declined" errorCode="card-declined" />""", """
        <bpmn:process id="charge" isExecutable="true">
          <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="payments">
            <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="currency">EUR</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
            <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
          </bpmn:serviceTask>
          <bpmn:boundaryEvent id="Declined" attachedToRef="Charge"><bpmn:outgoing>f4</bpmn:outgoing><bpmn:errorEventDefinition errorRef="Err_Declined" /></bpmn:boundaryEvent>
          <bpmn:userTask id="ReviewCharge"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
          <bpmn:userTask id="HandleDecline"><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:userTask>
          <bpmn:endEvent id="Charged"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
          <bpmn:endEvent id="NotCharged"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Charge" />
          <bpmn:sequenceFlow id="f2" sourceRef="Charge" targetRef="ReviewCharge" />
          <bpmn:sequenceFlow id="f3" sourceRef="ReviewCharge" targetRef="Charged" />
          <bpmn:sequenceFlow id="f4" sourceRef="Declined" targetRef="HandleDecline" />
          <bpmn:sequenceFlow id="f5" sourceRef="HandleDecline" targetRef="NotCharged" />
        </bpmn:process>
        """);

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        // A file database: the concurrency test runs two workers on two connections at once.
        host = await RuntimeTestHost.StartAsync(shareable: true);
        await host.DeployAsync(ChargeProcess);
    }

    private Task<ProcessInstanceRecord> StartChargeAsync(string businessKey = "ORD-1") =>
        host.StartProcessAsync("charge", businessKey, new() { ["amount"] = 42L });

    private Task<IReadOnlyList<LockedExternalTask>> FetchAsync(string workerId, int maxTasks = 10, string topic = "payments") =>
        host.RuntimeAsync(r => r.FetchAndLockAsync(workerId, [topic], maxTasks, Minute, default));

    [Fact]
    public async Task Fetch_locks_the_task_with_its_variables_and_inputs_and_nobody_else_gets_it_until_the_lock_expires()
    {
        var instance = await StartChargeAsync();

        var fetched = await FetchAsync("worker-a");
        var meanwhile = await FetchAsync("worker-b");
        var otherTopic = await FetchAsync("worker-b", topic: "mail");
        host.Clock.Advance(Minute + TimeSpan.FromSeconds(1));
        var afterExpiry = await FetchAsync("worker-b");

        var task = fetched.Should().ContainSingle().Subject;
        task.InstanceId.Should().Be(instance.Id);
        task.ElementId.Should().Be("Charge");
        task.Topic.Should().Be("payments");
        task.BusinessKey.Should().Be("ORD-1");
        task.WorkerId.Should().Be("worker-a");
        task.Variables.Should().Contain("amount", 42L).And.Contain("currency", "EUR");
        meanwhile.Should().BeEmpty();
        otherTopic.Should().BeEmpty();
        afterExpiry.Should().ContainSingle().Which.Id.Should().Be(task.Id);
        (await host.BookmarksAsync(instance.Id)).Single(b => b.Id == task.Id).LockOwner.Should().Be("worker-b");
    }

    [Fact]
    public async Task Two_workers_fetching_at_the_same_time_never_get_the_same_task()
    {
        var instanceIds = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            instanceIds.Add((await StartChargeAsync($"ORD-{i}")).Id);
        }

        // Small batches in a loop, so that the two workers' fetches overlap many times.
        async Task<List<LockedExternalTask>> DrainAsync(string workerId)
        {
            var mine = new List<LockedExternalTask>();
            while (await FetchAsync(workerId, maxTasks: 2) is { Count: > 0 } batch)
            {
                mine.AddRange(batch);
            }

            return mine;
        }

        var drained = await Task.WhenAll(
            Task.Run(() => DrainAsync("worker-a"), TestContext.Current.CancellationToken),
            Task.Run(() => DrainAsync("worker-b"), TestContext.Current.CancellationToken));

        var ids = drained.SelectMany(d => d.Select(t => t.Id)).ToList();
        ids.Should().OnlyHaveUniqueItems().And.HaveCount(12, "every unlocked task went to exactly one of them");
        drained[0].Where(t => t.WorkerId != "worker-a").Should().BeEmpty();
        drained[1].Where(t => t.WorkerId != "worker-b").Should().BeEmpty();
        var owners = new Dictionary<string, string?>();
        foreach (var instanceId in instanceIds)
        {
            foreach (var bookmark in await host.BookmarksAsync(instanceId))
            {
                owners[bookmark.Id] = bookmark.LockOwner;
            }
        }

        drained[0].Where(t => owners[t.Id] != "worker-a").Should().BeEmpty("the stored lock is the one returned");
        drained[1].Where(t => owners[t.Id] != "worker-b").Should().BeEmpty();
    }

    [Fact]
    public async Task Only_the_lock_owner_completes_and_the_result_moves_the_instance_on()
    {
        var instance = await StartChargeAsync();
        var task = (await FetchAsync("worker-a")).Single();

        var byOther = () => host.RuntimeAsync(r => r.CompleteExternalTaskAsync(task.Id, "worker-b", null, default));
        var unknown = () => host.RuntimeAsync(r => r.CompleteExternalTaskAsync("no-such-task", "worker-a", null, default));
        (await byOther.Should().ThrowAsync<RuntimeConflictException>()).WithMessage("*locked by another worker*");
        await unknown.Should().ThrowAsync<RuntimeNotFoundException>();
        var completed = await host.RuntimeAsync(r => r.CompleteExternalTaskAsync(task.Id, "worker-a", new Dictionary<string, object?> { ["chargeId"] = "ch_1" }, default));

        completed.ActiveElements.Should().Be("ReviewCharge");
        (await host.DetailsAsync(instance.Id))!.Variables.Should().Contain("chargeId", "ch_1");
        (await host.BookmarksAsync(instance.Id)).Should().NotContain(b => b.Kind == "ExternalTask");
        var twice = () => host.RuntimeAsync(r => r.CompleteExternalTaskAsync(task.Id, "worker-a", null, default));
        await twice.Should().ThrowAsync<RuntimeNotFoundException>("a completed task is gone");
    }

    [Fact]
    public async Task A_worker_whose_lock_passed_to_another_can_no_longer_complete()
    {
        await StartChargeAsync();
        var task = (await FetchAsync("worker-a")).Single();
        host.Clock.Advance(Minute + TimeSpan.FromSeconds(1));
        await FetchAsync("worker-b");

        var late = () => host.RuntimeAsync(r => r.CompleteExternalTaskAsync(task.Id, "worker-a", null, default));

        await late.Should().ThrowAsync<RuntimeConflictException>();
    }

    [Fact]
    public async Task The_lock_owner_extends_its_lock_and_others_cannot()
    {
        await StartChargeAsync();
        var task = (await FetchAsync("worker-a")).Single();
        host.Clock.Advance(TimeSpan.FromSeconds(50));

        var byOther = () => host.RuntimeAsync(r => r.ExtendExternalTaskLockAsync(task.Id, "worker-b", Minute, default));
        await byOther.Should().ThrowAsync<RuntimeConflictException>();
        var lockedUntil = await host.RuntimeAsync(r => r.ExtendExternalTaskLockAsync(task.Id, "worker-a", Minute, default));
        host.Clock.Advance(TimeSpan.FromSeconds(30));

        lockedUntil.Should().Be(task.LockedUntil.AddSeconds(50));
        (await FetchAsync("worker-b")).Should().BeEmpty("the first lock would have expired by now, the extended one not");
    }

    [Fact]
    public async Task A_failure_with_retries_left_unlocks_the_task_after_the_retry_timeout()
    {
        var instance = await StartChargeAsync();
        var task = (await FetchAsync("worker-a")).Single();

        await host.RuntimeAsync(r => r.FailExternalTaskAsync(task.Id, "worker-a", "Gateway timeout", 2, Minute, default));
        var tooEarly = await FetchAsync("worker-b");
        host.Clock.Advance(Minute);
        var again = await FetchAsync("worker-b");

        tooEarly.Should().BeEmpty();
        var retried = again.Should().ContainSingle().Subject;
        retried.Retries.Should().Be(2);
        retried.ErrorMessage.Should().Be("Gateway timeout");
        var stored = await host.InstanceAsync(instance.Id);
        stored.FaultElementId.Should().BeNull("the worker will try again");
        (await host.DetailsAsync(instance.Id))!.Journal.Should().Contain(j => j.Kind == "ExternalTaskFailed" && j.Detail!.Contains("Gateway timeout"));
    }

    [Fact]
    public async Task A_failure_without_retries_records_a_failure_on_the_instance()
    {
        var instance = await StartChargeAsync();
        var task = (await FetchAsync("worker-a")).Single();

        await host.RuntimeAsync(r => r.FailExternalTaskAsync(task.Id, "worker-a", "Card processor is down", 0, TimeSpan.Zero, default));

        var stored = await host.InstanceAsync(instance.Id);
        stored.FaultElementId.Should().Be("Charge");
        stored.FaultMessage.Should().Contain("Card processor is down");
        stored.ActiveElements.Should().Be("Charge", "the token stays failed at the task until an operator retries");
        (await host.BookmarksAsync(instance.Id)).Should().NotContain(b => b.Id == task.Id);
        (await FetchAsync("worker-b")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_BPMN_error_from_the_worker_is_caught_by_the_error_boundary()
    {
        var instance = await StartChargeAsync();
        var task = (await FetchAsync("worker-a")).Single();

        var after = await host.RuntimeAsync(r => r.ThrowExternalTaskBpmnErrorAsync(task.Id, "worker-a", "card-declined", "Insufficient funds",
            new Dictionary<string, object?> { ["declineReason"] = "funds" }, default));

        after.ActiveElements.Should().Be("HandleDecline");
        (await host.DetailsAsync(instance.Id))!.Variables.Should().Contain("declineReason", "funds");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public async Task A_failure_whose_error_rule_holds_throws_its_BPMN_error_whatever_the_retries_left(int retries)
    {
        // The charge process with a rule: a failure saying "declined" is the card-declined business error (Camunda 7's
        // camunda:errorEventDefinition), caught by the boundary instead of waiting for a retry or an operator.
        var withRule = ChargeProcess.Replace("id=\"charge\"", "id=\"charge-rule\"", StringComparison.Ordinal).Replace(
            "<camunda:inputOutput>",
            "<camunda:errorEventDefinition id=\"DeclinedRule\" errorRef=\"Err_Declined\" expression=\"${externalTask.getErrorMessage().contains('declined')}\" /><camunda:inputOutput>",
            StringComparison.Ordinal);
        await host.DeployAsync(withRule);
        var declined = await host.StartProcessAsync("charge-rule", "ORD-R1", new() { ["amount"] = 42L });
        var other = await host.StartProcessAsync("charge-rule", "ORD-R2", new() { ["amount"] = 43L });
        var tasks = await FetchAsync("worker-a");

        var afterDecline = await host.RuntimeAsync(r => r.FailExternalTaskAsync(tasks.Single(t => t.InstanceId == declined.Id).Id, "worker-a", "Card declined by issuer", retries, Minute, default));
        await host.RuntimeAsync(r => r.FailExternalTaskAsync(tasks.Single(t => t.InstanceId == other.Id).Id, "worker-a", "Gateway timeout", retries, Minute, default));

        afterDecline.ActiveElements.Should().Be("HandleDecline");
        var stillCharging = await host.InstanceAsync(other.Id);
        stillCharging.ActiveElements.Should().Be("Charge", "no rule holds for a timeout");
        if (retries > 0)
        {
            stillCharging.FaultElementId.Should().BeNull("with retries left the task is offered again");
            (await host.BookmarksAsync(other.Id)).Should().ContainSingle(b => b.ElementId == "Charge").Which.Retries.Should().Be(retries);
        }
        else
        {
            stillCharging.FaultElementId.Should().Be("Charge");
        }
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
