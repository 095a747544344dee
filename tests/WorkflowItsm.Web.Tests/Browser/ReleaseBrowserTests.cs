using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Releases;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 19, test 6: a release goes through its phases in a real browser while its evidence arrives from a scripted
/// pipeline. The change manager carl records and starts it on the pages; the pipeline (an HttpClient signed in as a
/// service account of role pipeline) reports the build verified, then 93 % of the regression tests (the page shows
/// G3 non-compliant and why), then 97 % (compliant); carl deploys, the release managers vote go/no-go (carl at
/// 1440, the admin on a phone), the pipeline reports the deployments done, the release reaches Review and carl
/// completes it. Screenshots at 1440×900 and 390×844.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class ReleaseBrowserTests(DemoBrowserHost browser) : IClassFixture<DemoBrowserHost>
{
    private const string PipelinePassword = "Release-Pipeline-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Test6_a_release_goes_through_its_phases_with_evidence_from_a_scripted_pipeline_and_a_go_no_go_vote()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("pia.pipeline", PipelinePassword, Roles.Pipeline);
        List<string> contained;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            // A service of its own: no demo P1 incident or blackout on it decides G4 or the deployments by chance.
            await services.GetRequiredService<CiService>().CreateAsync(new NewConfigurationItem { Name = "Payroll", Class = CmdbSeed.BusinessService }, "system", Ct);
            // Production takes deployments in its windows only: the release team opened one for today.
            var now = DateTime.UtcNow;
            await services.GetRequiredService<ChangeWindows>().CreateAsync(new NewChangeWindow
            {
                Name = "Payroll go-live", Kind = ChangeWindowKind.Maintenance, Environment = ReleasePlanTemplate.ProductionEnvironment,
                Start = now.AddHours(-1), End = now.AddHours(6),
            }, "system", Ct);
            contained = await services.GetRequiredService<ItsmDbContext>().Changes.AsNoTracking()
                .Where(c => c.State == ChangeState.Scheduled).OrderBy(c => c.Number).Select(c => c.Number).Take(2).ToListAsync(Ct);
        }

        contained.Should().HaveCount(2, "the demo has scheduled changes to put in a release");
        using var pipeline = browser.CreateApiClient();
        (await WebHostFactory.SignInAsync(pipeline, "pia.pipeline", PipelinePassword)).Dispose();

        var carl = await browser.SignedInPageAsync("carl", DemoBrowserHost.DemoPassword, 1440, 900);
        var number = "";
        await BrowserHost.WithScreenshotOnFailureAsync(carl, "release-new", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(carl, "releases");
            await carl.GetByTestId("new-release").ClickAsync();
            await carl.GetByTestId("release-short-description").WaitForAsync();
            await BrowserHost.WaitForInteractiveAsync(carl);
            await carl.GetByTestId("release-short-description").FillAsync("Payroll 5.0: new tax tables");
            // The service offers business services by a part of their names (the list opens with every choice first).
            var offered = carl.Locator(".mud-popover-open [data-testid=ci-option]");
            await carl.GetByTestId("release-service").ClickAsync();
            await offered.First.WaitForAsync();
            await carl.GetByTestId("release-service").PressSequentiallyAsync("Payr", new LocatorPressSequentiallyOptions { Delay = 30 });
            await Assertions.Expect(offered).ToHaveCountAsync(1);
            await offered.GetByText("Payroll", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await Assertions.Expect(carl.GetByTestId("release-service")).ToHaveValueAsync("Payroll");
            await carl.WaitForTimeoutAsync(400);
            await BrowserHost.CloseOpenSelectAsync(carl);
            await carl.GetByTestId("release-readiness-date").FillAsync(DateTime.UtcNow.AddDays(120).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await carl.GetByTestId("release-environments").FillAsync("test, production");
            foreach (var change in contained)
            {
                var search = carl.GetByTestId("release-change-search");
                await search.ClickAsync();
                await carl.Locator(".mud-popover-open [data-testid=change-option]").First.WaitForAsync();
                await search.PressSequentiallyAsync(change, new LocatorPressSequentiallyOptions { Delay = 30 });
                var option = carl.Locator(".mud-popover-open [data-testid=change-option]").Filter(new LocatorFilterOptions { HasText = change });
                await Assertions.Expect(option).ToHaveCountAsync(1);
                await option.ClickAsync();
                await carl.Locator($"[data-testid=release-change][data-change={change}]").WaitForAsync();
                await BrowserHost.CloseOpenSelectAsync(carl);
            }

            // Without a version the form says so beside the field, and nothing is created.
            await carl.GetByTestId("create-release").ClickAsync();
            await carl.GetByText("Version is required.").WaitForAsync();
            await carl.GetByTestId("release-version").FillAsync("5.0.0");
            await Screenshot(carl, "release-new-1440");
            await BrowserHost.PhoneWidthAsync(carl);
            await Screenshot(carl, "release-new-390");
            await BrowserHost.DesktopWidthAsync(carl);
            await carl.GetByTestId("create-release").ClickAsync();
            await carl.GetByTestId("release-number").WaitForAsync();
            number = (await carl.GetByTestId("release-number").InnerTextAsync()).Trim();
            number.Should().StartWith("REL");
            (await carl.GetByTestId("release-state").InnerTextAsync()).Should().Be("Draft");
            // The usual plan, its phases' planned dates shown in working days.
            (await carl.GetByTestId("release-phase").CountAsync()).Should().Be(4);
            (await carl.Locator("[data-phase=Testing] [data-testid=phase-dates]").InnerTextAsync()).Should().Contain("15 working days");
        });

        await BrowserHost.WithScreenshotOnFailureAsync(carl, "release-start", async () =>
        {
            await carl.GetByTestId("action-Pending").ClickAsync();
            await WaitForTextAsync(carl.GetByTestId("release-state"), "Pending");
            await carl.GetByTestId("action-InProgress").ClickAsync();
            await WaitForTextAsync(carl.GetByTestId("release-state"), "In progress");
            // Its changes are scheduled: G1 passes at once and development starts, waiting for the build.
            await WaitForTextAsync(Gate(carl, "G1").GetByTestId("gate-status"), "Compliant");
            await WaitForTextAsync(carl.GetByTestId("release-active-phase"), "Development");
        });

        // The pipeline: the build is verified, then the regression suite passes 93 % (95 % needed).
        await PostEvidenceAsync(pipeline, number, new { phase = "Development", gate = "G2", result = "passed", buildId = "5.0.0-build.41", link = "https://ci.example.com/payroll/41" });
        await PostEvidenceAsync(pipeline, number, new { phase = "Testing", gate = "G3", buildId = "5.0.0-build.41", link = "https://ci.example.com/payroll/41/tests", tests = new { passed = 930, failed = 70, coverage = 81.5 } });

        await BrowserHost.WithScreenshotOnFailureAsync(carl, "release-g3-blocked", async () =>
        {
            await carl.GetByTestId("refresh-release").ClickAsync();
            await WaitForTextAsync(Gate(carl, "G3").GetByTestId("gate-status"), "Non-compliant");
            (await Gate(carl, "G2").GetByTestId("gate-status").InnerTextAsync()).Should().Be("Compliant");
            (await Gate(carl, "G3").GetByTestId("gate-reason").InnerTextAsync()).Should().Contain("93 %").And.Contain("95 % needed");
            (await Gate(carl, "G3").GetByTestId("gate-evidence").InnerTextAsync()).Should().Contain("5.0.0-build.41").And.Contain("coverage 81.5 %");
            (await carl.GetByTestId("release-active-phase").InnerTextAsync()).Should().Contain("Testing");
            // An exception needs its reason, said beside the field.
            await carl.GetByTestId("grant-exception-G3").ClickAsync();
            await carl.GetByTestId("confirm-exception").ClickAsync();
            await carl.GetByTestId("exception-form").GetByText("Say why the gate may pass with an exception", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            await Screenshot(carl, "release-g3-blocked-1440");
            await carl.GetByText("Back", new PageGetByTextOptions { Exact = true }).ClickAsync();
        });

        // A re-run at 97 % replaces the evidence and unblocks the phase.
        await PostEvidenceAsync(pipeline, number, new { phase = "Testing", gate = "G3", buildId = "5.0.0-build.42", tests = new { passed = 970, failed = 30, coverage = 82 } });

        await BrowserHost.WithScreenshotOnFailureAsync(carl, "release-deploy", async () =>
        {
            // No refresh by hand: the open page reads the release again by itself and the re-run's evidence appears.
            await WaitForTextAsync(Gate(carl, "G3").GetByTestId("gate-status"), "Compliant");
            (await Gate(carl, "G3").GetByTestId("gate-reason").InnerTextAsync()).Should().Contain("97 %");
            await WaitForTextAsync(carl.GetByTestId("release-active-phase"), "Implementation");
            // The release's workflow started the deployment to test as soon as the implementation phase began (test takes deployments at any time).
            await WaitForTextAsync(Deployment(carl, "test").GetByTestId("deployment-state"), "Deploying");
            (await carl.GetByTestId("deploy-test").CountAsync()).Should().Be(0, "a deployment under way is not offered again");
        });

        await FinishDeploymentAsync(pipeline, number, "test");

        await BrowserHost.WithScreenshotOnFailureAsync(carl, "release-go-no-go", async () =>
        {
            await carl.GetByTestId("refresh-release").ClickAsync();
            await WaitForTextAsync(Deployment(carl, "test").GetByTestId("deployment-state"), "Deployed");
            // The workflow moved on to production inside today's "Payroll go-live" window, which waits for the go/no-go vote.
            await WaitForTextAsync(Deployment(carl, "production").GetByTestId("deployment-state"), "Awaiting go/no-go");
            var vote = carl.GetByTestId("go-no-go");
            await vote.GetByTestId("vote-comment").FillAsync("Tax tables verified on test.");
            await Screenshot(carl, "release-go-no-go-1440");
            await vote.GetByTestId("approve").ClickAsync();
            await vote.Locator("[data-testid=approver][data-user=carl]").Filter(new LocatorFilterOptions { HasText = "Approved" }).WaitForAsync();
        });

        // Every release manager votes (rule "all"): the admin on a phone.
        var admin = await browser.SignedInPageAsync("admin", WebHostFactory.AdminPassword, 390, 844);
        await BrowserHost.WithScreenshotOnFailureAsync(admin, "release-go-no-go-admin", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(admin, $"releases/{number}");
            var vote = admin.GetByTestId("go-no-go");
            await vote.GetByTestId("approve").ClickAsync();
            await WaitForTextAsync(Deployment(admin, "production").GetByTestId("deployment-state"), "Deploying");
            await Screenshot(admin, "release-record-390");
        });

        await FinishDeploymentAsync(pipeline, number, "production");

        await BrowserHost.WithScreenshotOnFailureAsync(carl, "release-complete", async () =>
        {
            await carl.GetByTestId("refresh-release").ClickAsync();
            await WaitForTextAsync(carl.GetByTestId("release-state"), "Review");
            (await Gate(carl, "G5").GetByTestId("gate-status").InnerTextAsync()).Should().Be("Compliant");
            (await carl.Locator("[data-phase=Implementation] [data-testid=phase-state]").InnerTextAsync()).Should().Be("Complete");
            await carl.GetByTestId("action-Completed").ClickAsync();
            await WaitForTextAsync(carl.GetByTestId("release-state"), "Completed");
            (await carl.GetByTestId("release-activity").InnerTextAsync()).Should().Contain("Gate G3: Not run → Non-compliant").And.NotContain("NonCompliant");
            await Screenshot(carl, "release-record-1440");

            await carl.GetByTestId("release-notes-link").ClickAsync();
            await carl.GetByTestId("release-notes").WaitForAsync();
            (await carl.GetByTestId("release-note").CountAsync()).Should().Be(2);
            (await carl.GetByTestId("release-notes-title").InnerTextAsync()).Should().Contain("Payroll 5.0.0");
            await Screenshot(carl, "release-notes-1440");
        });

        await using var check = browser.Host.Services.CreateAsyncScope();
        var release = await check.ServiceProvider.GetRequiredService<ItsmDbContext>().Releases.AsNoTracking()
            .Include(r => r.Deployments).SingleAsync(r => r.Number == number, Ct);
        release.State.Should().Be(ReleaseState.Completed);
        release.Deployments.Select(d => (d.Environment, d.State)).Should().BeEquivalentTo(
            [("test", DeploymentState.Succeeded), ("production", DeploymentState.Succeeded)]);

        // The change calendar shows its planned phases, each linking to the release.
        var testing = await check.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<ReleasePhase>().AsNoTracking()
            .SingleAsync(p => p.ReleaseId == release.Id && p.Name == "Testing", Ct);
        var from = testing.PlannedStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var range = await check.ServiceProvider.GetRequiredService<ChangeCalendar>().RangeAsync(from, from.AddDays(7), Ct);
        range.Entries.Should().ContainSingle(e => e.Kind == CalendarEntryKind.ReleasePhase && e.Link == $"releases/{number}")
            .Which.Title.Should().Be($"{number} Testing: Payroll 5.0: new tax tables");
    }

    private static ILocator Gate(IPage page, string key) => page.Locator($"[data-testid=release-gate][data-gate={key}]");

    private static ILocator Deployment(IPage page, string environment) => page.Locator($"[data-testid=release-deployment][data-environment={environment}]");

    private static async Task PostEvidenceAsync(HttpClient pipeline, string number, object evidence)
    {
        using var response = await pipeline.PostAsJsonAsync($"api/releases/{number}/evidence", evidence, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task FinishDeploymentAsync(HttpClient pipeline, string number, string environment)
    {
        using var response = await pipeline.PostAsJsonAsync($"api/releases/{number}/deployments/{environment}/result", new { succeeded = true, notes = "Smoke tests green." }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Waits until the element's text is <paramref name="expected"/> (or contains it, for longer texts): the page re-renders after the server's answer.</summary>
    private static Task WaitForTextAsync(ILocator locator, string expected) =>
        Assertions.Expect(locator).ToContainTextAsync(expected, new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
