namespace WorkflowItsm.Web.Account;

/// <summary>Where to go after signing in: only paths of this site, so a sign-in link cannot send people elsewhere.</summary>
internal static class LocalReturnUrl
{
    public static string OrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
