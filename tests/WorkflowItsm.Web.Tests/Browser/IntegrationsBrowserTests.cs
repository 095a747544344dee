using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 23's pages: a person makes an API token, sees its secret once, uses it, sees it used and revokes it; an
/// admin adds a service account with a token, and a webhook (a non-http URL refused on the form). At 1440×900 and
/// 390×844, with screenshots kept under screenshots/integrations.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class IntegrationsBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Token-Agent-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_person_makes_a_token_sees_it_once_uses_it_and_revokes_it()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("tessa", Password, Roles.Agent);
        var page = await browser.SignedInPageAsync("tessa", Password);
        await BrowserHost.DesktopWidthAsync(page);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "api-tokens", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "account/tokens");
            await page.GetByTestId("token-name").FillAsync("Nightly import");
            await page.GetByTestId("create-token").ClickAsync();
            var secret = await page.GetByTestId("token-secret").InputValueAsync();
            secret.Should().StartWith("witk_");
            await page.Locator("[data-testid=token-row][data-name='Nightly import']").WaitForAsync();

            using (var api = browser.CreateApiClient())
            {
                api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                (await api.GetAsync("api/incidents", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            await BrowserHost.GoToInteractiveAsync(page, "account/tokens");
            (await page.GetByTestId("token-secret").CountAsync()).Should().Be(0, "the secret is shown once");
            (await page.GetByTestId("token-uses").InnerTextAsync()).Should().Contain("GET /api/incidents").And.Contain("Nightly import");
            await KeepScreenshotAsync(page, "tokens-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await KeepScreenshotAsync(page, "tokens-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
            await BrowserHost.DesktopWidthAsync(page);

            await page.GetByTestId("revoke-token").ClickAsync();
            await page.GetByTestId("token-status").GetByText("Revoked").WaitForAsync();
            using var revoked = browser.CreateApiClient();
            revoked.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            (await revoked.GetAsync("api/incidents", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        });
    }

    [Fact]
    public async Task An_admin_adds_a_service_account_with_a_token_and_a_webhook()
    {
        var page = await browser.SignedInPageAsync("admin", WebHostFactory.AdminPassword);
        await BrowserHost.DesktopWidthAsync(page);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "service-accounts", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "admin/service-accounts");
            await page.GetByTestId("account-username").FillAsync("ci-pipeline");
            await page.GetByTestId("account-description").FillAsync("Sends release evidence from CI");
            await page.GetByTestId("add-service-account").ClickAsync();
            await page.Locator("[data-testid=service-account-row][data-username='ci-pipeline']").WaitForAsync();
            await page.GetByTestId("token-name").FillAsync("CI");
            await page.GetByTestId("create-token").ClickAsync();
            (await page.GetByTestId("token-secret").InputValueAsync()).Should().StartWith("witk_");
            await KeepScreenshotAsync(page, "service-accounts-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await KeepScreenshotAsync(page, "service-accounts-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
            await BrowserHost.DesktopWidthAsync(page);
        });

        await BrowserHost.WithScreenshotOnFailureAsync(page, "webhooks", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "admin/webhooks");
            await page.GetByTestId("webhook-name").FillAsync("Chat channel");
            await page.GetByTestId("webhook-url").FillAsync("ftp://chat.example.org/hook");
            await page.GetByTestId("save-webhook").ClickAsync();
            await page.GetByText("Only http and https URLs can be called (not ftp).").WaitForAsync();
            await page.GetByTestId("webhook-url").FillAsync("https://chat.example.org/hook");
            await page.GetByTestId("save-webhook").ClickAsync();
            (await page.GetByTestId("webhook-secret").InputValueAsync()).Should().StartWith("whsec_");
            await page.Locator("[data-testid=webhook-row][data-name='Chat channel']").WaitForAsync();
            await KeepScreenshotAsync(page, "webhooks-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await KeepScreenshotAsync(page, "webhooks-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
        });
    }

    private static async Task KeepScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(BrowserHost.ScreenshotFolder, "integrations");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }
}
