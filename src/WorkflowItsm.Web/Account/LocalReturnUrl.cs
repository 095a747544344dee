namespace WorkflowItsm.Web.Account;

/// <summary>Where to go after signing in: only paths of this site, so a sign-in link cannot send people elsewhere.</summary>
internal static class LocalReturnUrl
{
    /// <summary>
    /// <paramref name="returnUrl"/> when it is a path of this site: one leading '/' not followed by '/' or '\' (browsers
    /// read both as another host), and no control or white-space character anywhere (browsers drop tabs and line breaks,
    /// so "/\t/evil.example" becomes "//evil.example"; a line break would also break the Location header). Else "/".
    /// </summary>
    public static string OrHome(string? returnUrl) => IsLocalPath(returnUrl) ? returnUrl! : "/";

    public static bool IsLocalPath(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || returnUrl[1] is not ('/' or '\\'))
        && !returnUrl.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u200B' or '\u2028' or '\u2029' or '\uFEFF');
}
