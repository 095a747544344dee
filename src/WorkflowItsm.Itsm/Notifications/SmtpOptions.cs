namespace WorkflowItsm.Itsm.Notifications;

/// <summary>Where notification emails go (settings section Smtp). Without a host, notifications stay in-app.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;

    /// <summary>TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it.</summary>
    public bool UseSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "WorkflowItsm <noreply@workflowitsm.local>";

    /// <summary>The product's public address, for links in emails (e.g. https://itsm.example.com).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long before a task's due date "due soon" is sent.</summary>
    public TimeSpan DueSoonBefore { get; set; } = TimeSpan.FromHours(24);
}
