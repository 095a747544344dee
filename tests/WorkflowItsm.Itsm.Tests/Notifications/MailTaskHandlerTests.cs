using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Notifications;

/// <summary>Camunda 7's email task: its fields become a mail sent by a job after the step; a wrong address faults the step.</summary>
public sealed class MailTaskHandlerTests
{
    private static ServiceTaskContext Task(Dictionary<string, object?> fields) =>
        new("instance-1", "ORD-7", "MailCustomer", new Dictionary<string, object?>(), new Dictionary<string, object?>()) { Fields = fields };

    [Fact]
    public async Task The_fields_become_one_mail_sent_by_a_job_after_the_step()
    {
        var jobs = new RecordingJobs();

        await new MailTaskHandler(jobs).ExecuteAsync(Task(new()
        {
            ["to"] = "ana@example.test, bo@example.test", ["subject"] = "Shipped", ["text"] = "On its way.", ["from"] = "Shop <shop@example.test>",
        }), CancellationToken.None);

        var job = jobs.Of<MailTaskJob>().Should().ContainSingle().Subject;
        var mail = job.Arguments.OfType<MailTaskMessage>().Should().ContainSingle().Subject;
        mail.Should().Be(new MailTaskMessage("ana@example.test, bo@example.test", "", "", "Shop <shop@example.test>", "Shipped", "On its way.", null));
    }

    [Theory]
    [InlineData(null, "names no recipient")]
    [InlineData("ana@example.test, not an address", "'not an address' in 'to'")]
    public async Task A_missing_or_wrong_address_faults_the_step_and_sends_nothing(string? to, string problem)
    {
        var jobs = new RecordingJobs();

        var send = async () => await new MailTaskHandler(jobs).ExecuteAsync(Task(new() { ["to"] = to, ["subject"] = "Shipped" }), CancellationToken.None);

        await send.Should().ThrowAsync<InvalidOperationException>().WithMessage($"*{problem}*");
        jobs.Planned.Should().BeEmpty();
    }
}
