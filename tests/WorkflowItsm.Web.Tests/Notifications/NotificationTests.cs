using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.HumanTasks;

namespace WorkflowItsm.Web.Tests.Notifications;

/// <summary>Notifications in-app and by email, through a real SMTP server on loopback and the host's Hangfire.</summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private readonly LoopbackSmtpServer smtp = new();
    private readonly WebHostFactory baseHost = new();
    private WebApplicationFactory<Program> host = null!;

    public ValueTask InitializeAsync()
    {
        host = baseHost.WithWebHostBuilder(builder => builder
            .UseSetting("Smtp:Host", "127.0.0.1")
            .UseSetting("Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Smtp:From", "WorkflowItsm <itsm@example.test>")
            .UseSetting("Smtp:PublicBaseUrl", "https://itsm.example.test"));
        return ValueTask.CompletedTask;
    }

    /// <summary>Starts an incident the service-desk group works; returns its task id.</summary>
    private static async Task<string> StartLowPriorityIncidentAsync(HttpClient admin, string? businessKey, string description)
    {
        var ct = TestContext.Current.CancellationToken;
        using var started = await admin.PostAsJsonAsync("/api/process-instances",
            new { key = "incident-triage", businessKey, variables = new { impact = 3, urgency = 3, shortDescription = description } }, ct);
        var instanceId = (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        return (await admin.GetFromJsonAsync<JsonElement>($"/api/tasks?instanceId={instanceId}", ct)).GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    private async Task CreateAgentAsync(string userName, string email)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var people = scope.ServiceProvider.GetRequiredService<DirectoryPeople>();
        (await people.CreateAsync(new NewPerson(userName, null, email, "Agent-Password-1!", [Roles.Agent], ["service-desk"]), default)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_camunda_7_email_task_sends_its_mail_through_the_mail_server_after_the_step()
    {
        var ct = TestContext.Current.CancellationToken;
        const string model = """
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x">
              <bpmn:process id="mail-the-customer" isExecutable="true">
                <bpmn:startEvent id="Start" />
                <bpmn:serviceTask id="MailCustomer" camunda:type="mail">
                  <bpmn:extensionElements>
                    <camunda:field name="to" expression="${customerEmail}" />
                    <camunda:field name="cc"><camunda:string>desk@example.test</camunda:string></camunda:field>
                    <camunda:field name="subject" stringValue="Your order has shipped" />
                    <camunda:field name="text" expression="Order ${order} is on its way." />
                  </bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:endEvent id="End" />
                <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="MailCustomer" />
                <bpmn:sequenceFlow id="f2" sourceRef="MailCustomer" targetRef="End" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        using var admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(model)), "files", "mail-the-customer.bpmn" } };
        (await admin.PostAsync(new Uri("/api/deployments", UriKind.Relative), form, ct)).StatusCode.Should().Be(HttpStatusCode.Created);

        using var started = await admin.PostAsJsonAsync("/api/process-instances",
            new { key = "mail-the-customer", variables = new { customerEmail = "ana@example.test", order = "ORD-7" } }, ct);

        started.StatusCode.Should().Be(HttpStatusCode.Created);
        (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("status").GetString().Should().Be("Completed");
        var mail = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "ana@example.test"), TimeSpan.FromSeconds(30));
        mail.Should().NotBeNull("a job sends the email task's mail to the SMTP server");
        mail!.Subject.Should().Be("Your order has shipped");
        mail.TextBody.Should().Contain("Order ORD-7 is on its way.");
        mail.Cc.Mailboxes.Select(a => a.Address).Should().Equal("desk@example.test");
        mail.From.Mailboxes.Single().Address.Should().Be("itsm@example.test", "without a from field the server's sender is used");
    }

    [Fact]
    public async Task Assigning_a_task_notifies_the_assignee_in_app_and_by_email()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAgentAsync("erin.agent", "erin@example.test");
        using var admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        var taskId = await StartLowPriorityIncidentAsync(admin, "INC0004242", "VPN down");

        (await admin.PostAsJsonAsync($"/api/tasks/{taskId}/assign", new { assignee = "erin.agent" }, ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var mail = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "erin@example.test"), TimeSpan.FromSeconds(30));
        mail.Should().NotBeNull("Hangfire sends the email to the SMTP server");
        mail!.Subject.Should().Be("Assigned to you: Resolve incident");
        mail.TextBody.Should().Contain("admin assigned you the task").And.Contain("INC0004242").And.Contain($"https://itsm.example.test/tasks/{taskId}");
        mail.From.Mailboxes.Single().Address.Should().Be("itsm@example.test");

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        // The job notes the email once the SMTP server has taken it, a moment after the mail arrives there.
        for (var wait = 0; wait < 50 && !await db.Notifications.AnyAsync(n => n.Recipient == "erin.agent" && n.EmailedAt != null, ct); wait++)
        {
            await Task.Delay(200, ct);
        }

        var notification = await db.Notifications.SingleAsync(n => n.Recipient == "erin.agent", ct);
        notification.Kind.Should().Be(NotificationKinds.TaskAssigned);
        notification.ReadAt.Should().BeNull();
        notification.EmailedAt.Should().NotBeNull();
        (await scope.ServiceProvider.GetRequiredService<Notifier>().UnreadCountAsync("erin.agent", ct)).Should().Be(1);
    }

    [Fact]
    public async Task An_edited_template_words_the_next_notification()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAgentAsync("finn.agent", "finn@example.test");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationTemplates>()
                .SaveAsync(NotificationKinds.TaskAssigned, "[{record}] {task} is yours", "From {by}.", "admin", ct);
        }

        using var admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        var taskId = await StartLowPriorityIncidentAsync(admin, "INC0004343", "Mail slow");
        (await admin.PostAsJsonAsync($"/api/tasks/{taskId}/assign", new { assignee = "finn.agent" }, ct)).EnsureSuccessStatusCode();

        var mail = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "finn@example.test"), TimeSpan.FromSeconds(30));
        mail.Should().NotBeNull();
        mail!.Subject.Should().Be("[INC0004343] Resolve incident is yours");
        mail.TextBody.Should().StartWith("From admin.");
    }

    [Fact]
    public async Task An_overdue_task_nobody_holds_warns_its_groups_members_and_a_finished_one_warns_nobody()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAgentAsync("gus.agent", "gus@example.test");
        using var admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        var taskId = await StartLowPriorityIncidentAsync(admin, null, "Disk full");

        // The job Hangfire runs at the due date, run when that date has passed.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HumanTaskCommands>().SetDueDateAsync(taskId, DateTime.UtcNow.AddMinutes(-5), "test", ct);
            await scope.ServiceProvider.GetRequiredService<TaskDueJob>().RunAsync(taskId, NotificationKinds.TaskOverdue, ct);
        }

        (await admin.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { resolutionCode = "fixed", resolutionNotes = "Cleaned up" } }, ct)).EnsureSuccessStatusCode();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TaskDueJob>().RunAsync(taskId, NotificationKinds.TaskOverdue, ct);
            var notes = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Notifications.Where(n => n.Kind == NotificationKinds.TaskOverdue).ToListAsync(ct);
            notes.Should().ContainSingle("the second run found the task completed").Which.Recipient.Should().Be("gus.agent", "nobody holds it: the service-desk group hears");
            notes[0].Title.Should().Be("Overdue: Resolve incident");
        }
    }

    [Fact]
    public async Task A_due_date_moved_later_warns_nobody_at_the_old_moment_and_plans_the_warning_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAgentAsync("hal.agent", "hal@example.test");
        using var admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        var taskId = await StartLowPriorityIncidentAsync(admin, null, "Backup job slow");
        var later = DateTime.UtcNow.AddDays(3);

        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HumanTaskCommands>().SetDueDateAsync(taskId, later, "sla", ct);
        // The overdue job planned for the old due date fires now.
        await scope.ServiceProvider.GetRequiredService<TaskDueJob>().RunAsync(taskId, NotificationKinds.TaskOverdue, ct);

        (await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Notifications.AnyAsync(n => n.Kind == NotificationKinds.TaskOverdue, ct))
            .Should().BeFalse("the task is not overdue any more");
        var scheduled = scope.ServiceProvider.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 1000)
            .Where(j => j.Value.Job?.Type == typeof(TaskDueJob) && Equals(j.Value.Job.Args[0], taskId) && Equals(j.Value.Job.Args[1], NotificationKinds.TaskOverdue))
            .Select(j => j.Value.EnqueueAt).ToList();
        scheduled.Should().ContainSingle(at => Math.Abs((at - later).TotalSeconds) < 1, "the warning comes at the new due date");
    }

    [Fact]
    public async Task A_kind_chosen_by_email_only_is_mailed_and_kept_from_the_bell()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAgentAsync("ida.agent", "ida@example.test");
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationPreferences>()
            .SetAsync("ida.agent", [KeyValuePair.Create(NotificationKinds.Escalation, NotificationDelivery.Email)], ct);

        await scope.ServiceProvider.GetRequiredService<Notifier>().NotifyAsync(NotificationKinds.Escalation, ["ida.agent"],
            new Dictionary<string, string?> { ["record"] = "INC0004545", ["by"] = "INC0004545 breached its SLA." }, "/incidents/INC0004545", ct);

        var mail = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "ida@example.test"), TimeSpan.FromSeconds(30));
        mail.Should().NotBeNull("email only still means email");
        mail!.Subject.Should().Be("Escalation on INC0004545");
        mail.TextBody.Should().Contain("https://itsm.example.test/incidents/INC0004545");
        (await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Notifications.AnyAsync(n => n.Recipient == "ida.agent", ct)).Should().BeFalse();
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await baseHost.DisposeAsync();
        await smtp.DisposeAsync();
    }
}

/// <summary>Without a mail server, a notification says so at once, and no email job is queued for it.</summary>
public sealed class NotificationWithoutMailServerTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task The_notification_notes_the_missing_mail_server_when_it_is_written()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IConfiguration>()["Smtp:Host"].Should().BeNullOrEmpty("this host has no mail server");

        await scope.ServiceProvider.GetRequiredService<Notifier>().NotifyAsync(NotificationKinds.TaskAssigned, ["admin"],
            new Dictionary<string, string?> { ["task"] = "Resolve incident", ["record"] = "INC0009999", ["by"] = "ana" }, "/tasks/x", ct);

        var notification = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Notifications.AsNoTracking()
            .SingleAsync(n => n.Recipient == "admin" && n.Title.Contains("Resolve incident"), ct);
        notification.EmailNote.Should().Be(Notifier.NoMailServer, "written with the notification, not later by an email job");
        notification.EmailedAt.Should().BeNull();
    }
}
