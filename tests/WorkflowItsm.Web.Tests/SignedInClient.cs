using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace WorkflowItsm.Web.Tests;

/// <summary>The one way a Web test gets a signed-in client of an in-process host.</summary>
public static class SignedInClient
{
    /// <summary>
    /// A client that keeps cookies and does not follow redirects, signed in through the real sign-in form
    /// (the seeded admin unless told otherwise); fails the test when the sign-in is refused.
    /// </summary>
    public static async Task<HttpClient> SignedInAsync(this WebApplicationFactory<Program> host, string userName = "admin", string password = WebHostFactory.AdminPassword)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var signIn = await WebHostFactory.SignInAsync(client, userName, password);
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect, $"{userName} signs in");
        return client;
    }
}
