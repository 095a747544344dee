using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Waits for a page's address by polling it. Playwright's WaitForURLAsync first compares the address, then listens for
/// the navigation: a client-side navigation (Blazor's NavigateTo) that lands between the two is missed, and the wait
/// runs out with the page already there (the catalog test did, twice, under load). The address Playwright keeps is
/// updated as navigations commit, so polling it sees every one.
/// </summary>
internal static class PageAddress
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Until the address matches the glob (<c>**</c> any text, <c>*</c> any text without a slash).</summary>
    public static Task WaitForAddressAsync(this IPage page, string glob)
    {
        var pattern = new Regex("^" + Regex.Escape(glob).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant);
        return page.WaitForAddressAsync(pattern.IsMatch, glob);
    }

    /// <summary>Until the address satisfies <paramref name="matches"/>.</summary>
    public static async Task WaitForAddressAsync(this IPage page, Func<string, bool> matches, string? wanted = null)
    {
        var waited = Stopwatch.StartNew();
        while (!matches(page.Url))
        {
            if (waited.Elapsed > Timeout)
            {
                throw new System.TimeoutException($"The page stayed at {page.Url} for {Timeout.TotalSeconds:0} s; wanted {wanted ?? "another address"}.");
            }

            await Task.Delay(Poll);
        }
    }
}
