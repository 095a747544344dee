using System.Text.RegularExpressions;

namespace WorkflowItsm.Testing;

/// <summary>The host's sign-in page driven as a browser would: read its antiforgery token, post the form.</summary>
public static partial class SignInForm
{
    /// <summary>Posts the sign-in form with <paramref name="client"/> (which must keep cookies); returns the response (302 on success).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string userName, string password, string? returnUrl = null)
    {
        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value,
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        var target = returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        return await client.PostAsync(new Uri(target, UriKind.Relative), form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
