using System.Globalization;
using System.Text;

namespace WorkflowItsm.Itsm.Records;

/// <summary>Settings of attachments on records (section Attachments).</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>What is allowed when <see cref="AllowedContentTypes"/> is not set: pictures, documents, text, archives, e-mails.</summary>
    public static IReadOnlyList<string> DefaultContentTypes { get; } =
    [
        "image/png", "image/jpeg", "image/gif", "application/pdf", "text/plain", "text/csv", "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "message/rfc822",
    ];

    /// <summary>Largest file accepted, in bytes (10 MiB).</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Allowed types; setting it replaces the defaults (left null so that configuration does not add to a pre-filled
    /// list, which is what the binder does). An entry ending in * allows every type that starts with the rest.
    /// </summary>
    public IList<string>? AllowedContentTypes { get; set; }

    public IReadOnlyList<string> EffectiveContentTypes => AllowedContentTypes is { Count: > 0 } configured ? [.. configured] : DefaultContentTypes;
}

/// <summary>The file is over the size limit (the API answers 413).</summary>
public sealed class AttachmentTooLargeException(long maxBytes)
    : Exception($"The file is larger than the limit of {AttachmentRules.Describe(maxBytes)}.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>The file's type is not allowed, or its content is not what it claims to be (the API answers 415).</summary>
public sealed class AttachmentTypeRefusedException(string message) : Exception(message);

/// <summary>What an attachment must be: an allowed type whose first bytes match it, under a file name that is only a name.</summary>
public static class AttachmentRules
{
    private const int TextSniffLength = 8 * 1024;

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Gif87 = "GIF87a"u8.ToArray();
    private static readonly byte[] Gif89 = "GIF89a"u8.ToArray();
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipEntry = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ZipEmpty = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] WindowsExecutable = "MZ"u8.ToArray();
    private static readonly byte[] LinuxExecutable = [0x7F, 0x45, 0x4C, 0x46];

    // Characters that mean something to a file system or a header; a name keeps none of them.
    private static readonly char[] Reserved = ['"', '<', '>', '|', ':', '*', '?', '/', '\\'];

    /// <summary>The declared type without parameters, lower-case ("Text/Plain; charset=utf-8" → "text/plain").</summary>
    public static string Normalize(string? contentType)
    {
        var type = contentType?.Split(';', 2)[0].Trim() ?? string.Empty;
        return type.ToLowerInvariant();
    }

    /// <summary>
    /// Names a click runs or a browser renders with script: programs and installers, scripts, shortcuts, disk images
    /// that carry programs, web pages and SVG. Refused whatever type the file claims, since Windows and browsers go by the name.
    /// </summary>
    public static IReadOnlySet<string> ActiveExtensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".exe", ".com", ".scr", ".pif", ".cpl", ".dll", ".sys", ".msi", ".msp", ".mst", ".msc", ".appx", ".msix", ".application", ".appref-ms", ".gadget",
        ".bat", ".cmd", ".ps1", ".psm1", ".psd1", ".ps1xml", ".vbs", ".vbe", ".js", ".jse", ".mjs", ".wsf", ".wsh", ".ws", ".wsc", ".sct", ".hta",
        ".jar", ".class", ".sh", ".bash", ".zsh", ".csh", ".ksh", ".command", ".py", ".pyw", ".pl", ".rb", ".php", ".asp", ".aspx", ".jsp",
        ".reg", ".inf", ".lnk", ".url", ".scf", ".settingcontent-ms", ".library-ms", ".chm", ".iso", ".img", ".vhd", ".vhdx",
        ".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".swf",
        ".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppam",
    };

    // Tags a browser sniffs as a web page (WHATWG MIME sniffing), plus SVG, which runs script as well.
    private static readonly string[] PageTags =
    [
        "<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font", "<table", "<a ", "<a>", "<style", "<title", "<b ", "<b>",
        "<body", "<br", "<p ", "<p>", "<!--", "<svg", "<object", "<embed", "<meta", "<link", "<img", "<form", "<base",
    ];

    /// <summary>Refuses a name of <see cref="ActiveExtensions"/> (checked on the stored name, after <see cref="SafeFileName"/>).</summary>
    /// <exception cref="AttachmentTypeRefusedException">The name ends in an extension that runs or renders as a page.</exception>
    public static void CheckName(string safeFileName)
    {
        var extension = Path.GetExtension(safeFileName);
        if (ActiveExtensions.Contains(extension))
        {
            throw new AttachmentTypeRefusedException($"Files named '*{extension.ToLowerInvariant()}' are not accepted: they run as programs or open as web pages.");
        }
    }

    /// <exception cref="AttachmentTypeRefusedException">Not an allowed type, or the content is not of that type.</exception>
    public static void CheckType(string contentType, ReadOnlySpan<byte> content, IReadOnlyList<string> allowed)
    {
        if (contentType.Length == 0 || !allowed.Any(a => Matches(a, contentType)))
        {
            throw new AttachmentTypeRefusedException(
                $"Files of type '{(contentType.Length == 0 ? "unknown" : contentType)}' are not accepted. Allowed: {string.Join(", ", allowed)}.");
        }

        // The declared type is only a claim: the common binary formats are recognised by their first bytes, so an
        // executable renamed to .png is refused rather than stored and later opened by someone trusting the icon.
        var matches = contentType switch
        {
            "image/png" => content.StartsWith(Png),
            "image/jpeg" => content.StartsWith(Jpeg),
            "image/gif" => content.StartsWith(Gif87) || content.StartsWith(Gif89),
            "application/pdf" => content.StartsWith(Pdf),
            "application/zip" or "application/x-zip-compressed" => IsZip(content),
            // docx, xlsx and pptx are zip packages.
            _ when contentType.StartsWith("application/vnd.openxmlformats-officedocument.", StringComparison.Ordinal) => IsZip(content),
            _ when contentType.StartsWith("text/", StringComparison.Ordinal) || contentType == "message/rfc822" => IsText(content),
            _ => !content.StartsWith(WindowsExecutable) && !content.StartsWith(LinuxExecutable),
        };
        if (!matches)
        {
            throw new AttachmentTypeRefusedException($"The content is not {contentType}: its first bytes say otherwise.");
        }

        // Whatever it is called: a program, a script or a web page inside is refused (a browser or a click would run it).
        if (content.StartsWith(WindowsExecutable) || content.StartsWith(LinuxExecutable) || IsScriptOrPage(content))
        {
            throw new AttachmentTypeRefusedException("The content is a program, a script or a web page; such files are not accepted.");
        }
    }

    /// <summary>
    /// The client's file name made safe to store and to send back in a header: the last path segment only, without
    /// control or reserved characters, at most <see cref="RecordAttachment.FileNameLength"/> characters (keeping the extension).
    /// </summary>
    public static string SafeFileName(string? fileName)
    {
        var name = (fileName ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var kept = new StringBuilder(name.Length);
        foreach (var c in name.Where(c => !char.IsControl(c) && !IsDirectionControl(c) && Array.IndexOf(Reserved, c) < 0))
        {
            kept.Append(c);
        }

        // Leading dots would make "..", or a hidden file; trailing dots and spaces are dropped by Windows anyway.
        var clean = kept.ToString().Trim().Trim('.').Trim();
        if (clean.Length == 0)
        {
            return "attachment";
        }

        if (clean.Length <= RecordAttachment.FileNameLength)
        {
            return clean;
        }

        var extension = Path.GetExtension(clean);
        extension = extension.Length <= 16 ? extension : string.Empty;
        var cut = RecordAttachment.FileNameLength - extension.Length;
        if (char.IsHighSurrogate(clean[cut - 1]))
        {
            cut--; // never split a character in two
        }

        return clean[..cut] + extension;
    }

    /// <summary>A size for people: 10 MiB, 512 KiB, 900 bytes.</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB",
        >= 1024 when bytes % 1024 == 0 => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes",
    };

    private static bool Matches(string allowed, string contentType) =>
        allowed.EndsWith('*')
            ? contentType.StartsWith(allowed[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(allowed.Trim(), contentType, StringComparison.OrdinalIgnoreCase);

    // Bidirectional marks make "photo\u202Egnp.js" show as "photosj.png": the name is kept as it really reads.
    private static bool IsDirectionControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    /// <summary>Text that starts (after a byte-order mark and white space) like a web page, an XML document with script, or a script with a #! line.</summary>
    private static bool IsScriptOrPage(ReadOnlySpan<byte> content)
    {
        var head = content[..Math.Min(content.Length, TextSniffLength)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        var text = Encoding.UTF8.GetString(head).TrimStart().ToLowerInvariant();
        if (text.StartsWith("#!", StringComparison.Ordinal))
        {
            return true;
        }

        if (text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            return text.Contains("<svg", StringComparison.Ordinal) || text.Contains("<html", StringComparison.Ordinal) || text.Contains("<script", StringComparison.Ordinal);
        }

        return PageTags.Any(tag => text.StartsWith(tag, StringComparison.Ordinal));
    }

    private static bool IsZip(ReadOnlySpan<byte> content) => content.StartsWith(ZipEntry) || content.StartsWith(ZipEmpty);

    // Text has no zero bytes (UTF-16, which does, starts with its byte-order mark); executables are full of them.
    private static bool IsText(ReadOnlySpan<byte> content) =>
        content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
        || !content[..Math.Min(content.Length, TextSniffLength)].Contains((byte)0);
}
