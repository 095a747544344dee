using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Email;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// The admins' list of inbound mail (issue 23): outcomes in words, a created record linked, at 1440×900 and 390×844,
/// with screenshots kept under screenshots/inbound-mail. The mails are handed to the channel's receiver directly
/// (the listener is off on this host; EmailChannelTests sends real SMTP).
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class InboundMailBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_sees_each_received_mail_with_what_became_of_it()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("mia", "Mail-Person-Pass-1!", Roles.Requester);
        await ReceiveAsync("Mia <mia@example.test>", "Projector in room 4 shows no picture", "");
        await ReceiveAsync("mia@example.test", "Automatic reply: away", "Auto-Submitted: auto-replied\r\n");
        await ReceiveAsync("Spam Sender <offers@elsewhere.test>", "A very long subject line that goes on and on to see how the table wraps it on a phone", "");
        await WaitForProcessedAsync();

        var page = await browser.SignedInPageAsync("admin", WebHostFactory.AdminPassword);
        await BrowserHost.DesktopWidthAsync(page);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "inbound-mail", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "admin/inbound-mail");
            var results = page.GetByTestId("inbound-mail-result");
            await page.Locator("[data-testid=inbound-mail-result][data-outcome=Created]").WaitForAsync();
            var texts = await results.AllInnerTextsAsync();
            texts.Should().HaveCount(3);
            texts.Should().Contain(t => t.Contains("Created INC", StringComparison.Ordinal));
            texts.Should().Contain(t => t.Contains("Ignored: automatic reply", StringComparison.Ordinal));
            texts.Should().Contain(t => t.Contains("Refused: unknown sender", StringComparison.Ordinal));
            texts.Should().NotContain(t => t.Contains("Commented", StringComparison.Ordinal) || t.Contains("UnknownSender", StringComparison.Ordinal), "people read labels, not enum names");
            (await page.GetByTestId("inbound-mail-status").InnerTextAsync()).Should().Contain("The email channel is off");
            await KeepScreenshotAsync(page, "inbound-mail-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await KeepScreenshotAsync(page, "inbound-mail-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
            await BrowserHost.DesktopWidthAsync(page);

            await page.Locator("[data-testid=inbound-mail-result][data-outcome=Created] a").ClickAsync();
            await page.WaitForAddressAsync("**/incidents/INC*");
        });
    }

    private async Task ReceiveAsync(string from, string subject, string extraHeaders)
    {
        var raw = $"From: {from}\r\nTo: support@itsm.example.test\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@sender.example.test>\r\n{extraHeaders}\r\nHello.\r\n";
        await using var scope = browser.Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<InboundMailReceiver>().ReceiveAsync(Encoding.UTF8.GetBytes(raw), null, Ct);
    }

    private async Task WaitForProcessedAsync()
    {
        for (var wait = 0; wait < 300; wait++)
        {
            await using var scope = browser.Host.Services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<InboundMail>().AnyAsync(m => m.Outcome == InboundMailOutcome.Received, Ct))
            {
                return;
            }

            await Task.Delay(100, Ct);
        }
    }

    private static async Task KeepScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(BrowserHost.ScreenshotFolder, "inbound-mail");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }
}
