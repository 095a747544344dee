using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace WorkflowItsm.Itsm.Email;

/// <summary>What a received mail says, read the way people write mail: the text part (or the HTML one without its markup), the quoted history cut off a reply, the record number in the subject.</summary>
public static partial class MailContent
{
    private static readonly string[] ListPrecedences = ["bulk", "junk", "list"];

    /// <summary>The text of the mail: the plain part, else the HTML part stripped of markup; empty when it has neither.</summary>
    public static string BodyText(MimeMessage message)
    {
        if (message.TextBody is { } text && !string.IsNullOrWhiteSpace(text))
        {
            return Tidy(text);
        }

        return message.HtmlBody is { } html ? StripHtml(html) : string.Empty;
    }

    /// <summary>HTML as the text a reader sees: no scripts, styles or tags; breaks and blocks as new lines; entities decoded.</summary>
    public static string StripHtml(string html)
    {
        var text = HiddenBlocks().Replace(html, string.Empty);
        text = LineBreaks().Replace(text, "\n");
        text = Tags().Replace(text, string.Empty);
        return Tidy(WebUtility.HtmlDecode(text));
    }

    /// <summary>A reply without what it quotes: lines starting with '>' and everything from "On … wrote:" or "-----Original Message-----".</summary>
    public static string WithoutQuote(string text)
    {
        var kept = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r').Trim();
            if (QuoteHeader().IsMatch(trimmed) || trimmed.StartsWith("-----Original Message-----", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            if (!trimmed.StartsWith('>'))
            {
                kept.Append(line.TrimEnd('\r')).Append('\n');
            }
        }

        var result = Tidy(kept.ToString());
        return result.Length == 0 ? Tidy(text) : result;
    }

    /// <summary>The record numbers the subject names (e.g. "[INC0001234]" or "Re: INC0001234 printer"), first one first.</summary>
    public static IReadOnlyList<string> NumbersIn(string? subject) =>
        subject is null ? [] : [.. RecordNumber().Matches(subject).Select(m => m.Value).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Why the mail must not be answered by a record (RFC 3834 Auto-Submitted other than "no", Precedence
    /// bulk/junk/list, the X-Autoreply family of headers); null for a mail a person wrote.
    /// </summary>
    public static string? AutomaticReason(MimeMessage message)
    {
        var autoSubmitted = message.Headers["Auto-Submitted"]?.Trim();
        if (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return "Ignored: automatic reply";
        }

        if (message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond") || message.Headers.Contains("X-Auto-Response-Suppress") && message.Headers["X-Auto-Response-Suppress"]!.Contains("All", StringComparison.OrdinalIgnoreCase))
        {
            return "Ignored: automatic reply";
        }

        var precedence = message.Headers["Precedence"]?.Trim().ToLowerInvariant();
        if (precedence is not null && ListPrecedences.Contains(precedence))
        {
            return "Ignored: bulk or mailing-list mail";
        }

        return null;
    }

    private static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
        var joined = string.Join('\n', lines);
        return ManyBlankLines().Replace(joined, "\n\n").Trim();
    }

    [GeneratedRegex(@"<(script|style|head)\b.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HiddenBlocks();

    [GeneratedRegex(@"<\s*(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ManyBlankLines();

    [GeneratedRegex(@"^On .{3,200} wrote:$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeader();

    [GeneratedRegex(@"\b[A-Z]{2,6}[0-9]{7,}\b")]
    private static partial Regex RecordNumber();
}
