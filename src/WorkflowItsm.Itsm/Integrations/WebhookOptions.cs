namespace WorkflowItsm.Itsm.Integrations;

/// <summary>How webhooks are delivered (section Webhooks).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Failures in a row (whatever the event) after which a subscription is disabled and the admins told.</summary>
    public int MaxConsecutiveFailures { get; set; } = 10;

    /// <summary>Attempts of one delivery before it is given up.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The first retry's wait; each next one waits twice as long (30 s, 1 min, 2 min, 4 min, 8 min).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a receiver has to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
