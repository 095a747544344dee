using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace WorkflowItsm.Itsm.Email;

/// <summary>What is done with a mail from an address no person in the directory has.</summary>
public enum UnknownSenderPolicy
{
    /// <summary>Answered 550 at receipt (the sending server tells its sender); the mail is still kept in the list.</summary>
    Refuse,

    /// <summary>A requester without a password is made for the address, then the mail is handled as hers.</summary>
    CreateRequester,

    /// <summary>Accepted and kept in the list, but nothing is made of it.</summary>
    Drop,
}

/// <summary>Email in and out as a channel (settings section <c>EmailChannel</c>).</summary>
public sealed class EmailChannelOptions
{
    public const string Section = "EmailChannel";

    /// <summary>Whether the SMTP listener runs (mail in); comment mails go out whenever <c>Smtp:Host</c> is set.</summary>
    public bool Enabled { get; set; }

    /// <summary>The address the listener binds to; the MTA in front forwards to it (loopback by default).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 2525;

    /// <summary>Mail is accepted only for recipients of this domain (e.g. itsm.example.com); others are refused at RCPT.</summary>
    public string? Domain { get; set; }

    /// <summary>The address people write to and reply to (e.g. support@itsm.example.com): the Reply-To of comment mails.</summary>
    public string? Address { get; set; }

    public UnknownSenderPolicy UnknownSenders { get; set; } = UnknownSenderPolicy.Refuse;

    /// <summary>Mails from one sender beyond this many in an hour are kept but ignored (a loop, a flood).</summary>
    public int MaxMailsPerSenderPerHour { get; set; } = 20;

    /// <summary>Largest attachment taken onto a record; a larger one is left out and noted (the record's own limit applies too).</summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest whole mail the listener takes (SMTP SIZE); a 30 MB attachment is about 41 MB encoded.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The domain of the Message-IDs we send.</summary>
    public string MessageIdDomain => string.IsNullOrWhiteSpace(Domain) ? "workflowitsm.local" : Domain.Trim();
}

/// <summary>Names each wrong setting by its key, so the host does not start with a listener that cannot work.</summary>
internal sealed class EmailChannelOptionsValidation : IValidateOptions<EmailChannelOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailChannelOptions options)
    {
        var errors = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"{EmailChannelOptions.Section}:Port must be between 1 and 65535 (it is {options.Port}).");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            errors.Add($"{EmailChannelOptions.Section}:ListenAddress must be an IP address such as 127.0.0.1 or 0.0.0.0 (it is '{options.ListenAddress}').");
        }

        if (options.MaxMailsPerSenderPerHour < 1)
        {
            errors.Add($"{EmailChannelOptions.Section}:MaxMailsPerSenderPerHour must be at least 1.");
        }

        if (options.MaxAttachmentBytes < 1)
        {
            errors.Add($"{EmailChannelOptions.Section}:MaxAttachmentBytes must be more than 0.");
        }

        if (options.MaxMessageBytes < 1024)
        {
            errors.Add($"{EmailChannelOptions.Section}:MaxMessageBytes must be at least 1024.");
        }

        if (options.Enabled)
        {
            if (string.IsNullOrWhiteSpace(options.Domain) || options.Domain.Contains('@', StringComparison.Ordinal) || Uri.CheckHostName(options.Domain.Trim()) != UriHostNameType.Dns)
            {
                errors.Add($"{EmailChannelOptions.Section}:Domain must be the domain mail is accepted for, e.g. itsm.example.com.");
            }

            if (!MailAddress.TryCreate(options.Address, out var address))
            {
                errors.Add($"{EmailChannelOptions.Section}:Address must be the address people write to, e.g. support@itsm.example.com.");
            }
            else if (!string.IsNullOrWhiteSpace(options.Domain) && !string.Equals(address.Host, options.Domain.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{EmailChannelOptions.Section}:Address must be in {EmailChannelOptions.Section}:Domain ({options.Domain}), or replies would not come back.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
