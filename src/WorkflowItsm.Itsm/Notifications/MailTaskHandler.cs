using MimeKit;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>
/// Sends an email from a process: Camunda 7's email task (<c>camunda:type="mail"</c> with <c>camunda:field</c>s) or
/// this palette entry (inputs). The addresses are checked in the step, so a wrong one faults the task where the
/// process owner sees it; the mail goes out by a job after the step commits, retried while the server refuses it.
/// </summary>
[ServiceTask(ServiceImplementation.MailHandler, DisplayName = "Send an email",
    Description = "Emails the addresses given (comma-separated) through the product's mail server, after the step.")]
[ServiceTaskInput("to", ServiceTaskPropertyType.String, Label = "To", Required = true, Description = "Comma-separated addresses, e.g. ${callerEmail}.")]
[ServiceTaskInput("cc", ServiceTaskPropertyType.String, Label = "Cc")]
[ServiceTaskInput("subject", ServiceTaskPropertyType.String, Label = "Subject", Required = true)]
[ServiceTaskInput("text", ServiceTaskPropertyType.Text, Label = "Text")]
public sealed class MailTaskHandler(IJobs jobs) : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        string? Value(string name) =>
            (context.Fields.GetValueOrDefault(name) ?? context.Inputs.GetValueOrDefault(name))?.ToString() is { Length: > 0 } text ? text : null;

        var to = Value("to") ?? throw new InvalidOperationException($"The email task '{context.ElementId}' names no recipient ('to').");
        var mail = new MailTaskMessage(Addresses(to, "to"), Addresses(Value("cc"), "cc"), Addresses(Value("bcc"), "bcc"),
            Value("from") is { } from ? Addresses(from, "from") : null, Value("subject") ?? string.Empty, Value("text"), Value("html"));
        jobs.Enqueue<MailTaskJob>(job => job.SendAsync(mail, CancellationToken.None));
        return ValueTask.FromResult(ServiceTaskResult.Empty);
    }

    /// <summary>The addresses of a comma-separated list, each checked.</summary>
    /// <exception cref="InvalidOperationException">An address is not one.</exception>
    private static string Addresses(string? list, string field)
    {
        var addresses = (list ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var address in addresses)
        {
            if (!MailboxAddress.TryParse(address, out _))
            {
                throw new InvalidOperationException($"'{address}' in '{field}' of the email task is no email address.");
            }
        }

        return string.Join(", ", addresses);
    }
}

/// <summary>What an email task sends: addresses comma-separated and checked; no sender for the server's own.</summary>
public sealed record MailTaskMessage(string To, string Cc, string Bcc, string? From, string Subject, string? Text, string? Html);
