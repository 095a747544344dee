using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Notifications;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>The account page, as a person uses it: name and email, password (with the current one), notification choices.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class AccountBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Tom-Requester-1!";
    private const string NewPassword = "Tom-Changed-2!";

    [Fact]
    public async Task A_person_changes_name_email_password_and_notification_choices_from_the_account_page()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("tom", Password, Roles.Requester);
        var page = await browser.SignedInPageAsync("tom", Password);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "account-page", async () =>
        {
            // From the app bar: the person's name opens the account page.
            await page.GetByTestId("signed-in-user").ClickAsync();
            await page.GetByTestId("account-user").GetByText("tom").WaitForAsync();

            await page.FillAsync("#displayName", "Tom Taylor");
            await page.FillAsync("#email", "tom.taylor@example.test");
            await page.GetByTestId("save-profile").ClickAsync();
            await page.GetByTestId("account-message").GetByText("Your name and email are saved.").WaitForAsync();

            await page.FillAsync("#currentPassword", "Not-His-Password-1!");
            await page.FillAsync("#newPassword", NewPassword);
            await page.FillAsync("#confirmPassword", NewPassword);
            await page.GetByTestId("change-password").ClickAsync();
            await page.GetByTestId("password-error").GetByText("The current password is not right.").WaitForAsync();
            await page.FillAsync("#currentPassword", Password);
            await page.FillAsync("#newPassword", NewPassword);
            await page.FillAsync("#confirmPassword", NewPassword);
            await page.GetByTestId("change-password").ClickAsync();
            await page.GetByTestId("account-message").GetByText("Your password is changed.").WaitForAsync();

            // The notification choices have a page of their own, reached from here and from the bell.
            await page.GetByTestId("notification-settings-link").ClickAsync();
            await page.GetByText("How I am notified").First.WaitForAsync();
            await NotificationBrowserTests.ChooseAsync(page, NotificationKinds.TaskAssigned, "In the app only");

            // Still signed in after the change (the cookie was renewed), and the page is usable on a phone.
            await page.GotoAsync("portal");
            await page.GetByTestId("signed-in-user").GetByText("tom").WaitForAsync();
            await BrowserHost.PhoneWidthAsync(page);
            await page.GotoAsync("account/profile");
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            width.Should().BeLessThanOrEqualTo(390, "the account page fits a phone");
        });

        await using var scope = browser.Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DirectoryUser>>();
        var tom = (await users.FindByNameAsync("tom"))!;
        tom.DisplayName.Should().Be("Tom Taylor");
        tom.Email.Should().Be("tom.taylor@example.test");
        (await users.CheckPasswordAsync(tom, NewPassword)).Should().BeTrue();
        var preferences = scope.ServiceProvider.GetRequiredService<NotificationPreferences>();
        (await preferences.WantsEmailAsync("tom", NotificationKinds.TaskAssigned, TestContext.Current.CancellationToken)).Should().BeFalse();
        (await preferences.WantsEmailAsync("tom", NotificationKinds.RequestCompleted, TestContext.Current.CancellationToken)).Should().BeTrue();

        // The old password no longer signs in; the new one does.
        using var client = browser.CreateApiClient();
        using (var refused = await WebHostFactory.SignInAsync(client, "tom", Password))
        {
            refused.StatusCode.Should().NotBe(System.Net.HttpStatusCode.Redirect);
        }

        using var accepted = await WebHostFactory.SignInAsync(client, "tom", NewPassword);
        accepted.StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect);
    }
}
