using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Requests;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// The page the password reset item's email links (ResetPasswordHandler.Link), opened without signing in: a good
/// link sets a new password once (the policy's complaints beside the field), a bad or used one says it does not work.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class PasswordResetBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string OldPassword = "Rene-Requester-1!";
    private const string NewPassword = "Rene-Reset-Pass-2!";

    [Fact]
    public async Task A_reset_link_sets_a_new_password_once_and_a_bad_or_used_link_says_it_does_not_work()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("rene", OldPassword, Roles.Requester);
        var link = ResetPasswordHandler.Link("rene", await TokenAsync("rene")).TrimStart('/');

        var page = await AnonymousPageAsync(1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "password-reset", async () =>
        {
            await page.GotoAsync(link);
            await page.GetByText("Choose a new password").First.WaitForAsync();
            await ScreenshotAsync(page, "password-reset-form-1440");

            // The policy speaks beside the field, and the link stays good for another try.
            await page.FillAsync("#newPassword", "short");
            await page.FillAsync("#confirmPassword", "short");
            await page.GetByTestId("reset-save").ClickAsync();
            await page.GetByTestId("reset-password-errors").GetByText("Passwords must be at least 10 characters.").WaitForAsync();
            (await page.InputValueAsync("#newPassword")).Should().BeEmpty("a typed password is never written back into the page");
            await ScreenshotAsync(page, "password-reset-policy-1440");

            await page.FillAsync("#newPassword", NewPassword);
            await page.FillAsync("#confirmPassword", NewPassword + "x");
            await page.GetByTestId("reset-save").ClickAsync();
            await page.GetByText("The two passwords are not the same.").WaitForAsync();

            await page.FillAsync("#newPassword", NewPassword);
            await page.FillAsync("#confirmPassword", NewPassword);
            await page.GetByTestId("reset-save").ClickAsync();
            await page.GetByTestId("reset-done").WaitForAsync();
            (await page.GetByTestId("reset-sign-in").GetAttributeAsync("href")).Should().Be("/account/login");
            await ScreenshotAsync(page, "password-reset-done-1440");

            // The same link again: used up, since the reset renewed the security stamp.
            await page.GotoAsync(link);
            await page.GetByTestId("reset-invalid").WaitForAsync();
            (await page.Locator("#newPassword").CountAsync()).Should().Be(0, "a used link offers no form");
        });

        // On a phone: a fresh link's form fits, and a forged token and an unknown person get the one same message.
        var phone = await AnonymousPageAsync(390, 844);
        await BrowserHost.WithScreenshotOnFailureAsync(phone, "password-reset-phone", async () =>
        {
            await phone.GotoAsync(ResetPasswordHandler.Link("rene", await TokenAsync("rene")).TrimStart('/'));
            await phone.Locator("#newPassword").WaitForAsync();
            (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
            await ScreenshotAsync(phone, "password-reset-form-390");

            await phone.GotoAsync(ResetPasswordHandler.Link("rene", "not-a-token"));
            var forged = await phone.GetByTestId("reset-invalid").InnerTextAsync();
            await ScreenshotAsync(phone, "password-reset-invalid-390");
            await phone.GotoAsync(ResetPasswordHandler.Link("nobody", "not-a-token"));
            (await phone.GetByTestId("reset-invalid").InnerTextAsync()).Should().Be(forged, "the page does not tell whether an account exists");
        });

        // The new password signs in, the old one does not.
        using var client = browser.CreateApiClient();
        using (var refused = await WebHostFactory.SignInAsync(client, "rene", OldPassword))
        {
            refused.StatusCode.Should().NotBe(HttpStatusCode.Redirect);
        }

        using var accepted = await WebHostFactory.SignInAsync(client, "rene", NewPassword);
        accepted.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    private async Task<string> TokenAsync(string userName)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
        return await users.GeneratePasswordResetTokenAsync((await users.FindByNameAsync(userName))!);
    }

    private async Task<IPage> AnonymousPageAsync(int width, int height)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
