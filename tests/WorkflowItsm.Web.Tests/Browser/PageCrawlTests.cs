using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Modules;
using WorkflowItsm.Web.Tests.Accessibility;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>The host with demo data seeded, as a newcomer's first <c>dotnet run</c> shows it (fewer incidents, to be quick).</summary>
public sealed class DemoBrowserHost : BrowserHost
{
    public const string DemoPassword = "Demo-Crawl-1!";

    public DemoBrowserHost()
    {
        Host.Settings["Seed:DemoData"] = "true";
        Host.Settings["Seed:DemoIncidents"] = "16";
        Host.Settings["Seed:DemoPassword"] = DemoPassword;
    }
}

/// <summary>
/// The page crawl: for each role, every page its menu reaches, every link on those pages one level deep (and, a level
/// further, links of a shape not met yet: pages linked from a record page only), and each
/// list with every filter and sort its address takes — at 1440×900, and the menu's pages again at 390×844. A page
/// fails on an HTTP error, a browser console error or uncaught script error, an error in the host's log, or Blazor's
/// error or reconnect banner, or an accessibility check of axe-core (<see cref="Axe"/>: a control or link without a
/// name, an image without alt text, text without enough contrast). New pages join without editing this test: it follows the menus and the pages the
/// modules name for it (<see cref="WebModule.CrawlEntries"/>), the query parameters come from the pages' own
/// [SupplyParameterFromQuery] properties, and it fails when some page was reached by nobody.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed partial class PageCrawlTests(DemoBrowserHost browser) : IClassFixture<DemoBrowserHost>
{
    private const string ProcessOwner = "pat.owner";
    private const int LinksPerShape = 2;
    private const int VisitsAtOnce = 4;

    private static readonly (string Role, string? User, string? ProductRole)[] People =
    [
        ("anonymous", null, null), ("requester", "rita", Roles.Requester), ("agent", "ana", Roles.Agent),
        ("process owner", ProcessOwner, Roles.ProcessOwner), ("change manager", "carl", Roles.ChangeManager), ("admin", "admin", Roles.Admin),
    ];

    // Pages no crawl can open: the error page is what an unhandled exception shows; the demo data has no problems yet
    // (so no problem page is linked) — take it out of this list when the demo seeder makes some.
    private static readonly string[] NotCrawled = ["/error", "/problems/{Number}"];

    // The values a page's text query parameter stands for, where it is an enumeration; other parameters get generic values.
    private static readonly Dictionary<string, string[]> KnownValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sort"] = Enum.GetNames<RecordSort>(),
        ["state"] = ["open", "all", .. Enum.GetNames<IncidentState>()],
        ["status"] = Enum.GetNames<InstanceRunStatus>(),
    };

    [Fact]
    public async Task Every_page_each_role_reaches_opens_without_an_error()
    {
        browser.SkipIfUnavailable();
        var checkAccessibility = Axe.UnavailableReason is null;
        await browser.Host.CreateUserAsync(ProcessOwner, DemoBrowserHost.DemoPassword, Roles.ProcessOwner);

        // The roles are walked side by side, each in windows of its own: most of a visit is waiting for a page to
        // settle, so a few pages open at once take little more than one (VisitsAtOnce keeps two cores from choking).
        using var visitsAtOnce = new SemaphoreSlim(VisitsAtOnce);
        var variantsTaken = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var crawls = await Task.WhenAll(People.Select(person => CrawlAsync(person, visitsAtOnce, variantsTaken, checkAccessibility)));
        var failures = crawls.SelectMany(crawl => crawl.Failures).ToList();
        var visited = crawls.SelectMany(crawl => crawl.Paths).ToHashSet(StringComparer.Ordinal);
        failures.AddRange(PagesReachedByNobody(visited).Select(page => $"{page}: no role reached it (link it from a page or add a crawl entry to its module)"));

        // The test runner shows a passing test's output to nobody: the count also goes to a file tools/test.sh prints.
        // The problems are in the output too: a CI log may show a failed test's output but cut its message.
        var problems = string.Join(Environment.NewLine, failures);
        var summary = "Page crawl visited " + string.Join("; ", crawls.Select(crawl => $"{crawl.Role}: {crawl.Visited} pages"))
            + (checkAccessibility ? $"; accessibility checked on {crawls.Sum(crawl => crawl.AccessibilityChecks.Pages)} pages in {crawls.Sum(crawl => crawl.AccessibilityChecks.Time.TotalSeconds):0} s" : "; accessibility not checked (axe-core is not installed)")
            + (failures.Count == 0 ? "" : $"; {failures.Count} problem(s):{Environment.NewLine}{problems}");
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(BrowserHost.ScreenshotFolder)!, "page-crawl.txt"), summary + Environment.NewLine, TestContext.Current.CancellationToken);
        failures.Should().BeEmpty("every problem is listed here: {0}", problems);
        // Only on a developer's machine without npm's axe-core: the rest of the crawl passed, but say what was left out.
        Axe.SkipIfUnavailable();
    }

    /// <summary>
    /// One role's walk: the menu's pages (with a screenshot), then the links found on them and every query variant of
    /// the lists in two desktop windows, while a phone-sized window opens the menu's pages again. A query variant is
    /// the same page code whoever opens it: the first role to come to it opens it (<paramref name="variantsTaken"/>).
    /// </summary>
    private async Task<Crawl> CrawlAsync(
        (string Role, string? User, string? ProductRole) person, SemaphoreSlim visitsAtOnce, System.Collections.Concurrent.ConcurrentDictionary<string, bool> variantsTaken,
        bool checkAccessibility)
    {
        var (role, user, productRole) = person;
        var password = user == "admin" ? WebHostFactory.AdminPassword : DemoBrowserHost.DemoPassword;
        var crawl = new Crawl(browser, role, visitsAtOnce, checkAccessibility);
        await using var desktop = await crawl.OpenAsync(user, password, 1440, 900);
        await using var secondDesktop = await crawl.OpenAsync(user, password, 1440, 900);
        await using var phone = await crawl.OpenAsync(user, password, 390, 844);
        Window[] desktops = [desktop, secondDesktop];

        var menu = await crawl.MenuAsync(desktop);
        menu.Should().NotBeEmpty($"the {role}'s menu has pages");
        menu.AddRange(CrawlEntriesFor(productRole).Except(menu));
        var links = await crawl.VisitAllAsync(desktops, menu, screenshot: true);
        var phoneVisits = crawl.VisitAllAsync([phone], menu, screenshot: true);
        var deeper = OneLevelDeeper(links, menu).ToList();
        var deeperLinks = await crawl.VisitAllAsync(desktops, [.. deeper, .. menu.SelectMany(QueryVariants).Where(variant => variantsTaken.TryAdd(variant, true))], screenshot: false);
        await crawl.VisitAllAsync(desktops, [.. NewShapes(deeperLinks, [.. menu, .. deeper])], screenshot: false);
        await phoneVisits;
        return crawl;
    }

    /// <summary>
    /// The links of the pages one level deep whose shape no page visited so far has (a CI's graph, an asset's form:
    /// pages linked from a record page only), a few of each: every other link there leads to a page of a shape the
    /// crawl has opened already.
    /// </summary>
    private static IEnumerable<string> NewShapes(IEnumerable<string> links, IReadOnlyCollection<string> visited)
    {
        var shapesVisited = visited.Select(link => NumberLike().Replace(link, "{id}")).ToHashSet(StringComparer.Ordinal);
        return links.Distinct(StringComparer.Ordinal)
            .GroupBy(link => NumberLike().Replace(link, "{id}"))
            .Where(shape => !shapesVisited.Contains(shape.Key))
            .SelectMany(shape => shape.Take(LinksPerShape));
    }

    /// <summary>The pages the modules name for the crawl (<see cref="WebModule.CrawlEntries"/>) that a person of <paramref name="productRole"/> may open.</summary>
    private IEnumerable<string> CrawlEntriesFor(string? productRole) =>
        productRole is null
            ? []
            : browser.Host.Services.GetServices<WebModule>().SelectMany(module => module.CrawlEntries)
                .Where(entry => entry.Roles is null || entry.Roles.Split(',').Contains(productRole))
                .Select(entry => entry.Path);

    /// <summary>The route templates of the product's pages that none of the <paramref name="visited"/> paths opened.</summary>
    private static IEnumerable<string> PagesReachedByNobody(IReadOnlySet<string> visited) =>
        typeof(Program).Assembly.GetTypes()
            .SelectMany(type => type.GetCustomAttributes<RouteAttribute>())
            .Select(route => route.Template)
            .Except(NotCrawled)
            .Where(template =>
            {
                var shape = new Regex("^" + RouteParameter().Replace(Regex.Escape(template.TrimStart('/')), "[^/?]+") + @"(\?.*)?$", RegexOptions.None, TimeSpan.FromSeconds(1));
                return !visited.Any(shape.IsMatch);
            })
            .Distinct()
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"\\\{[^}]+}")]
    private static partial Regex RouteParameter();

    /// <summary>The links found on the menu's pages, at most a few of each shape (two incidents, not two hundred).</summary>
    private static IEnumerable<string> OneLevelDeeper(IEnumerable<string> links, IReadOnlyCollection<string> menu) =>
        links.Distinct(StringComparer.Ordinal)
            .Where(link => !menu.Contains(link))
            .GroupBy(link => NumberLike().Replace(link, "{id}"))
            .SelectMany(shape => shape.Take(LinksPerShape));

    /// <summary>
    /// Each query parameter a list page declares, one at a time with each value it stands for (and values it does
    /// not: a hand-written address must never crash a page).
    /// </summary>
    private static IEnumerable<string> QueryVariants(string path)
    {
        var page = typeof(Program).Assembly.GetTypes().FirstOrDefault(type =>
            type.GetCustomAttributes<RouteAttribute>().Any(route => string.Equals("/" + path.TrimStart('/'), route.Template, StringComparison.OrdinalIgnoreCase)));
        if (page is null)
        {
            yield break;
        }

        foreach (var property in page.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (property.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is not { } query)
            {
                continue;
            }

            var name = query.Name ?? property.Name;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            string[] values = type == typeof(bool) ? ["true", "false"]
                : type == typeof(int) || type == typeof(long) ? ["1", "3", "0", "-1", "99999"]
                : KnownValues.TryGetValue(name, out var known) ? [.. known, "not-a-value"]
                : ["network", "x y", "<b>"];
            foreach (var value in values)
            {
                yield return $"{path.TrimStart('/')}?{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";
            }
        }
    }

    [GeneratedRegex("[A-Z]{2,4}[0-9]{4,}|[0-9a-f]{8,}(-[0-9a-f]{4,})*|[0-9]+")]
    private static partial Regex NumberLike();

    /// <summary>One role's walk: its pages, what went wrong on each. Its windows visit side by side.</summary>
    private sealed class Crawl(BrowserHost browser, string role, SemaphoreSlim visitsAtOnce, bool checkAccessibility)
    {
        private readonly Lock gate = new();
        private readonly List<string> failures = [];
        private readonly HashSet<string> paths = new(StringComparer.Ordinal);
        private int visited;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> accessibilityChecks = new(StringComparer.Ordinal);
        private int accessibilityChecked;
        private long accessibilityTicks;

        public string Role => role;

        public IReadOnlyList<string> Failures { get { lock (gate) { return [.. failures]; } } }

        public int Visited => visited;

        /// <summary>How many pages axe checked, and the time it took (the windows check side by side, so the crawl's time grows less).</summary>
        public (int Pages, TimeSpan Time) AccessibilityChecks => (accessibilityChecked, TimeSpan.FromTicks(Interlocked.Read(ref accessibilityTicks)));

        /// <summary>Every address opened, relative to the base address.</summary>
        public IReadOnlyCollection<string> Paths { get { lock (gate) { return [.. paths]; } } }

        /// <summary>Opens every one of <paramref name="pathsToVisit"/> in whichever window is free; returns the links found, in the order of the paths.</summary>
        public async Task<List<string>> VisitAllAsync(IReadOnlyList<Window> windows, List<string> pathsToVisit, bool screenshot)
        {
            var queue = new System.Collections.Concurrent.ConcurrentQueue<int>(Enumerable.Range(0, pathsToVisit.Count));
            var found = new IReadOnlyList<string>[pathsToVisit.Count];
            await Task.WhenAll(windows.Select(async window =>
            {
                while (queue.TryDequeue(out var index))
                {
                    await visitsAtOnce.WaitAsync();
                    try
                    {
                        found[index] = await VisitAsync(window, pathsToVisit[index], screenshot);
                    }
                    finally
                    {
                        visitsAtOnce.Release();
                    }
                }
            }));
            return [.. found.SelectMany(links => links)];
        }

        public async Task<Window> OpenAsync(string? user, string password, int width, int height)
        {
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = browser.BaseAddress.ToString(),
                ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            context.SetDefaultTimeout(20_000);
            var page = await context.NewPageAsync();
            var window = new Window(context, page, $"{width}x{height}");
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    window.Problems.Enqueue($"console error: {message.Text}");
                }
            };
            page.PageError += (_, error) => window.Problems.Enqueue($"uncaught script error: {error}");
            page.Response += (_, response) =>
            {
                if (response.Status >= 400 && response.Url.StartsWith(browser.BaseAddress.ToString(), StringComparison.Ordinal))
                {
                    window.Problems.Enqueue($"HTTP {response.Status} for {response.Url}");
                }
            };

            if (user is not null)
            {
                await page.GotoAsync("account/login");
                await page.FillAsync("#username", user);
                await page.FillAsync("#password", password);
                await page.ClickAsync("button[type=submit]");
                await page.WaitForSelectorAsync("[data-testid=signed-in-user]");
            }

            return window;
        }

        /// <summary>The pages of the menu and the app bar (the account page), as the role sees them on the home page.</summary>
        public async Task<List<string>> MenuAsync(Window window)
        {
            await window.Page.GotoAsync("");
            await BrowserHost.WaitForInteractiveAsync(window.Page);
            var hrefs = await window.Page.Locator(".mud-navmenu a[href], .mud-appbar a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            return [.. hrefs.Select(Local).OfType<string>().Distinct(StringComparer.Ordinal)];
        }

        /// <summary>Opens a page, notes what went wrong there, and returns the links on it.</summary>
        private async Task<IReadOnlyList<string>> VisitAsync(Window window, string path, bool screenshot)
        {
            Interlocked.Increment(ref visited);
            lock (gate)
            {
                paths.Add(path.TrimStart('/'));
            }

            var page = window.Page;
            window.Problems.Clear();
            var loggedBefore = browser.Host.Errors.Entries.Count;
            var where = $"{role} at {window.Size}: /{path}";
            string[] links = [];
            var retried = false;
        visit:
            try
            {
                var response = await page.GotoAsync(path);
                if (response is { Status: >= 400 })
                {
                    window.Problems.Enqueue($"HTTP {response.Status}");
                }

                var isApp = await page.Locator("[data-testid=signed-in-user], .mud-layout").CountAsync() > 0 && !path.StartsWith("hangfire", StringComparison.Ordinal);
                if (isApp && !path.StartsWith("account/", StringComparison.Ordinal))
                {
                    await BrowserHost.WaitForInteractiveAsync(page);
                    // Lists and charts load after the first render: give them the moment a person would.
                    await page.WaitForTimeoutAsync(700);
                    links = await page.Locator(".mud-main-content a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
                }
                else
                {
                    await page.WaitForLoadStateAsync(LoadState.Load);
                }

                if (await page.Locator("#blazor-error-ui").IsVisibleAsync())
                {
                    window.Problems.Enqueue("Blazor's error banner is shown");
                }

                if (await page.Locator("#components-reconnect-modal").IsVisibleAsync())
                {
                    window.Problems.Enqueue("Blazor's reconnect banner is shown");
                }

                // One check per page and window size: the other addresses of a page (its filters, a second record) show
                // the same components, and axe's contrast rule costs about a second on these two cores.
                if (checkAccessibility && !IsThirdPartyPage(path) && accessibilityChecks.TryAdd($"{window.Size} {NumberLike().Replace(path.Split('?')[0], "{id}")}", true))
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    foreach (var violation in await Axe.CheckAsync(page))
                    {
                        window.Problems.Enqueue($"accessibility: {violation}");
                    }

                    Interlocked.Add(ref accessibilityTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
                    Interlocked.Increment(ref accessibilityChecked);
                }

                if (screenshot)
                {
                    Directory.CreateDirectory(Path.Combine(BrowserHost.ScreenshotFolder, "crawl"));
                    var name = $"{role}-{window.Size}-{NotFileSafe().Replace(path, "_")}.png".Replace(' ', '-');
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, "crawl", name), FullPage = true });
                }
            }
            catch (Exception exception) when (exception is TimeoutException && !retried)
            {
                // Two cores shared with the rest of the suite can stall one visit for 20 s; a page that times out twice fails.
                retried = true;
                window.Problems.Clear();
                goto visit;
            }
            catch (Exception exception) when (exception is PlaywrightException or TimeoutException)
            {
                window.Problems.Enqueue(exception.Message.Split('\n')[0] + (retried ? " (on the second try)" : ""));
            }

            // Another role's page open at the same moment may have caused it: the message says "while".
            var logged = browser.Host.Errors.Entries.Skip(loggedBefore).Select(entry => $"host logged while it was open: {entry}");
            lock (gate)
            {
                failures.AddRange(window.Problems.Concat(logged).Distinct().Select(problem => $"{where}: {problem}"));
            }

            return [.. links.Select(Local).OfType<string>()];
        }

        /// <summary>
        /// Pages whose markup is a library's own, which we cannot change: the Hangfire dashboard and the API reference.
        /// (Third-party widgets inside our pages are left out element by element in <see cref="Axe"/>.)
        /// </summary>
        private static bool IsThirdPartyPage(string path) =>
            path.StartsWith("hangfire", StringComparison.Ordinal) || path.StartsWith("api/docs", StringComparison.Ordinal);

        /// <summary>A link of this product worth opening as a page, relative to the base address; null for the rest.</summary>
        private string? Local(string? href)
        {
            if (href is null || href.StartsWith('#') || href.StartsWith("mailto:", StringComparison.Ordinal))
            {
                return null;
            }

            var absolute = new Uri(browser.BaseAddress, href);
            if (absolute.Host != browser.BaseAddress.Host || absolute.Port != browser.BaseAddress.Port)
            {
                return null;
            }

            var path = absolute.PathAndQuery.TrimStart('/');
            // Downloads and sign-out are actions, not pages.
            return path.StartsWith("api/", StringComparison.Ordinal) && !path.StartsWith("api/docs", StringComparison.Ordinal) || path.StartsWith("account/logout", StringComparison.Ordinal)
                ? null
                : path;
        }
    }

    private sealed class Window(IBrowserContext context, IPage page, string size) : IAsyncDisposable
    {
        public IPage Page { get; } = page;

        public string Size { get; } = size;

        public System.Collections.Concurrent.ConcurrentQueue<string> Problems { get; } = new();

        public ValueTask DisposeAsync() => new(context.CloseAsync());
    }

    [GeneratedRegex("[^A-Za-z0-9-]+")]
    private static partial Regex NotFileSafe();
}
