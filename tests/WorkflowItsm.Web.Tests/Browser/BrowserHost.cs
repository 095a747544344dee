using System.Net;
using Microsoft.Playwright;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// The real host on Kestrel (SQLite in a temporary folder) and Debian's Chromium driven by Playwright, shared by
/// the browser tests of a class. Playwright's own browser download cannot work on these machines, so it launches
/// /usr/bin/chromium; outside CI the tests skip when that is not installed (tools/test.sh installs it).
/// </summary>
public class BrowserHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;
    private string? unavailableReason;

    public WebHostFactory Host { get; } = new();

    /// <summary>The browser itself, for tests that open contexts of their own (other window sizes, no sign-in).</summary>
    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium is not running.");

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Screenshots of failed tests go here: WORKFLOWITSM_TEST_ARTIFACTS (tools/test.sh sets it to TestResults), else beside the tests.</summary>
    public static string ScreenshotFolder => Path.Combine(
        Environment.GetEnvironmentVariable("WORKFLOWITSM_TEST_ARTIFACTS") is { Length: > 0 } artifacts ? artifacts : Path.Combine(AppContext.BaseDirectory, "TestResults"),
        "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            unavailableReason = $"Debian's Chromium is not installed ({ChromiumPath}); install it with: sudo apt-get install -y chromium";
            if (TestEnvironment.IsCi)
            {
                throw new InvalidOperationException(unavailableReason + " (CI must have it: tools/test.sh installs it).");
            }

            return;
        }

        var port = TestEnvironment.FreeLoopbackPort();
        Host.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Host.StartServer();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>An HttpClient on the same Kestrel as the browser, keeping cookies, not following redirects (for the API calls of a scenario).</summary>
    public HttpClient CreateApiClient() =>
        new(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false }, disposeHandler: true) { BaseAddress = BaseAddress };

    /// <summary>A new browser context (its own cookies) signed in through the sign-in page; skips the test when Chromium is missing.</summary>
    public async Task<IPage> SignedInPageAsync(string userName, string password, int width = 1600, int height = 1000)
    {
        SkipIfUnavailable();

        var context = await browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=signed-in-user]");
        return page;
    }

    /// <summary>Navigates and waits until the page is interactive (its Blazor circuit is live), so typing is not lost to prerendering.</summary>
    public static async Task GoToInteractiveAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await WaitForInteractiveAsync(page);
    }

    public static Task WaitForInteractiveAsync(IPage page) =>
        page.GetByTestId("circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Gives the window a phone's size (390×844) and waits until the page has settled into it.</summary>
    public static Task PhoneWidthAsync(IPage page) => ResizeAsync(page, 390, 844, drawerShown: false);

    /// <summary>Gives the window a desktop's size (1440×900) and waits until the page has settled into it.</summary>
    public static Task DesktopWidthAsync(IPage page) => ResizeAsync(page, 1440, 900, drawerShown: true);

    /// <summary>
    /// The menu drawer opens or closes only after the server hears of the new width, and then slides for a moment,
    /// pushing the page aside: a click made before that lands where a link was, not where it is (CI under load
    /// clicked beside a product's link and waited 20 s for a navigation). So this waits until the drawer is in its
    /// new state and the page has not moved for a few frames.
    /// </summary>
    private static async Task ResizeAsync(IPage page, int width, int height, bool drawerShown)
    {
        await page.SetViewportSizeAsync(width, height);
        await page.WaitForFunctionAsync(
            """
            shown => {
              const drawer = document.querySelector('.mud-drawer');
              if (drawer) {
                const r = drawer.getBoundingClientRect();
                const open = r.left >= 0 && r.width > 0 && r.right > 1;
                if (open !== shown) { window.__settledFrames = 0; return false; }
              }
              const main = document.querySelector('.mud-main-content') ?? document.body;
              const left = main.getBoundingClientRect().left;
              window.__settledFrames = window.__lastLeft === left ? (window.__settledFrames ?? 0) + 1 : 0;
              window.__lastLeft = left;
              return window.__settledFrames >= 5;
            }
            """,
            drawerShown, new PageWaitForFunctionOptions { Timeout = 10_000 });
    }

    /// <summary>
    /// Closes an open MudSelect list the way a person does, by clicking beside it, and waits until it is gone:
    /// a multi-select stays open after a pick, and its overlay would swallow the next click on the page.
    /// (Escape is not enough: it reaches the select only while the select still has the focus.)
    /// </summary>
    public static async Task CloseOpenSelectAsync(IPage page)
    {
        var openList = page.Locator(".mud-popover-open");
        if (await openList.CountAsync() == 0)
        {
            return;
        }
        // The bottom right corner of the window: the overlay covers it, and no list or bar sits there.
        var window = page.ViewportSize ?? new PageViewportSizeResult { Width = 1280, Height = 720 };
        await page.Mouse.ClickAsync(window.Width - 5, window.Height - 5);
        var overlay = page.Locator(".mud-popover-provider .mud-overlay");
        await openList.First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await overlay.First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    /// <summary>Skips the calling test (outside CI) when Chromium is not installed.</summary>
    public void SkipIfUnavailable()
    {
        if (unavailableReason is not null)
        {
            Assert.Skip(unavailableReason);
        }
    }

    /// <summary>Runs a browser scenario; when it fails, saves a screenshot named after it and rethrows.</summary>
    public static async Task WithScreenshotOnFailureAsync(IPage page, string name, Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch (Exception) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Directory.CreateDirectory(ScreenshotFolder);
            var file = Path.Combine(ScreenshotFolder, $"{name}-{DateTime.UtcNow:yyyyMMddHHmmss}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            TestContext.Current.AddAttachment(name, await File.ReadAllBytesAsync(file), "image/png");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
