using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 22, test 6: the group's manager (a scheduler) builds a weekly rotation of three people on the schedules
/// page, adds an override from the calendar, and sees the override win in "who is on call now" on the schedule and
/// in the list; an agent reads the schedule, an admin the policy and report pages — at 1440×900 and 390×844.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class OnCallBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Rota-Planner-Pass-1!";
    private const string Group = "rota-desk";
    private const string Berlin = "Europe/Berlin";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_scheduler_builds_a_rotation_of_three_adds_an_override_in_the_calendar_and_the_override_is_on_call()
    {
        browser.SkipIfUnavailable();
        await SetUpAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Berlin);
        var now = DateTime.UtcNow;
        var page = await browser.SignedInPageAsync("sam.scheduler", Password);
        await BrowserHost.DesktopWidthAsync(page);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "on-call-build", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "escalations/schedules");
            await page.GetByTestId("add-schedule").ClickAsync();
            await page.GetByTestId("schedule-name").FillAsync("Rota desk nights");
            await ChooseAsync(page, "schedule-group", "rota d", "Rota desk");
            await page.GetByTestId("schedule-time-zone").FillAsync(Berlin);
            // Three weeks back: the rotation runs already, whatever weekday the test runs on.
            var start = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone)).AddDays(-21);
            await page.GetByTestId("primary-start-date").FillAsync(start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var (typed, name) in new[] { ("Una", "Una Rota"), ("Vic", "Vic Rota"), ("Wes", "Wes Rota") })
            {
                await ChooseAsync(page, "primary-add-member", typed, name);
                await page.GetByTestId("primary-add-member-button").ClickAsync();
            }

            await Assertions.Expect(page.GetByTestId("primary-member")).ToHaveCountAsync(3);
            (await page.GetByTestId("primary-member").AllInnerTextsAsync()).Select(t => t.Trim()).Should().Equal("rota.una", "rota.vic", "rota.wes");
            await KeepScreenshotAsync(page, "schedule-new-1440");
            await page.GetByTestId("save-schedule").ClickAsync();

            // Blazor navigates within the page: the schedule's title says it has arrived.
            await page.GetByTestId("schedule-title").WaitForAsync();
            (await page.GetByTestId("schedule-title").InnerTextAsync()).Should().Be("Rota desk nights");
            (await page.GetByTestId("now-primary").InnerTextAsync()).Should().BeOneOf("rota.una", "rota.vic", "rota.wes");
            (await page.GetByTestId("now-primary-override").CountAsync()).Should().Be(0);
            (await page.GetByTestId("calendar-day").CountAsync()).Should().Be(28);

            // An override from today's row of the calendar: Xena covers from an hour ago until tomorrow.
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { NameRegex = new System.Text.RegularExpressions.Regex(@"^Add an override on .*\(today\)$") }).ClickAsync();
            await page.GetByTestId("override-form").WaitForAsync();
            await page.GetByTestId("override-to").FillAsync(Local(now.AddHours(-3), zone));
            await ChooseAsync(page, "override-person", "Xena", "Xena Rota");
            await page.GetByTestId("override-from").FillAsync(Local(now.AddHours(-1), zone));
            await page.GetByTestId("save-override").ClickAsync();
            // An end before the start is refused beside the field; nothing is stored.
            await Assertions.Expect(page.GetByText("The override ends before it starts", new PageGetByTextOptions { Exact = false })).ToBeVisibleAsync();
            await KeepScreenshotAsync(page, "schedule-override-error-1440");
            await page.GetByTestId("override-to").FillAsync(Local(now.AddDays(1), zone));
            await page.GetByTestId("override-reason").FillAsync("Una's day off");
            await page.GetByTestId("save-override").ClickAsync();

            await page.GetByTestId("override-form").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            await Assertions.Expect(page.GetByTestId("now-primary")).ToHaveTextAsync("rota.xena");
            await page.GetByTestId("now-primary-override").WaitForAsync();
            (await page.GetByTestId("calendar-override").First.InnerTextAsync()).Should().Contain("rota.xena");
            (await page.GetByTestId("override-row-person").AllInnerTextsAsync()).Should().Equal("rota.xena");
            await KeepScreenshotAsync(page, "schedule-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await KeepScreenshotAsync(page, "schedule-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the schedule page fits a phone");

            await BrowserHost.DesktopWidthAsync(page);
            await BrowserHost.GoToInteractiveAsync(page, "escalations/schedules");
            var row = page.Locator("tr", new PageLocatorOptions { HasText = "Rota desk nights" });
            await Assertions.Expect(row.GetByTestId("schedule-primary-now")).ToHaveTextAsync("rota.xena");
            await row.GetByTestId("schedule-primary-now-override").WaitForAsync();
            await KeepScreenshotAsync(page, "schedules-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await KeepScreenshotAsync(page, "schedules-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the schedule list fits a phone");
        });

        await using var scope = browser.Host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<OnCallSchedule>().AsNoTracking()
            .Include(s => s.Layers).Include(s => s.Overrides).SingleAsync(s => s.Name == "Rota desk nights", Ct);
        stored.Layers.Should().ContainSingle().Which.MemberList.Should().Equal("rota.una", "rota.vic", "rota.wes");
        stored.Overrides.Should().ContainSingle().Which.Should().Match<OnCallOverride>(o => o.UserName == "rota.xena" && o.Reason == "Una's day off");
        OnCallSchedules.Answer(stored, OnCallLayerKind.Primary, DateTime.UtcNow).UserName.Should().Be("rota.xena");
    }

    [Fact]
    public async Task An_agent_gets_a_secret_feed_address_of_a_schedule_and_of_her_shifts_and_sets_her_pager_hook_on_a_desk_and_a_phone()
    {
        browser.SkipIfUnavailable();
        await SetUpAsync();
        int scheduleId;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            scheduleId = (await scope.ServiceProvider.GetRequiredService<OnCallSchedules>().CreateAsync(new NewOnCallSchedule
            {
                GroupKey = Group, Name = "Rota desk feeds", TimeZone = Berlin,
                Layers = [new NewOnCallLayer { Layer = OnCallLayerKind.Primary, Rotation = RotationKind.Daily, StartDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7), Members = ["rota.vic", "rota.wes"] }],
            }, "admin", Ct)).Id;
        }

        var agent = await browser.SignedInPageAsync("rota.vic", Password);
        await BrowserHost.WithScreenshotOnFailureAsync(agent, "on-call-feeds", async () =>
        {
            await BrowserHost.DesktopWidthAsync(agent);
            await BrowserHost.GoToInteractiveAsync(agent, $"escalations/schedules/{scheduleId}");
            await agent.GetByTestId("schedule-feed-link").GetByTestId("reset-feed-address").ClickAsync();
            var address = agent.GetByTestId("schedule-feed-link").GetByTestId("feed-address");
            await address.WaitForAsync();
            (await address.InputValueAsync()).Should().Contain("/api/escalations/feeds/").And.EndWith("/calendar.ics");
            await KeepScreenshotAsync(agent, "schedule-feed-1440");
            await BrowserHost.PhoneWidthAsync(agent);
            await KeepScreenshotAsync(agent, "schedule-feed-390");
            (await agent.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390);

            await BrowserHost.DesktopWidthAsync(agent);
            await BrowserHost.GoToInteractiveAsync(agent, "escalations/me");
            await agent.GetByTestId("my-feed-link").GetByTestId("reset-feed-address").ClickAsync();
            await agent.GetByTestId("my-feed-link").GetByTestId("feed-address").WaitForAsync();
            await agent.GetByTestId("pager-url").FillAsync("ftp://sms.example.com/hook");
            await agent.GetByTestId("save-pager").ClickAsync();
            await Assertions.Expect(agent.GetByText("Only http and https URLs can be called", new PageGetByTextOptions { Exact = false })).ToBeVisibleAsync();
            await agent.GetByTestId("pager-url").FillAsync("https://sms.example.com/hook");
            await agent.GetByTestId("save-pager").ClickAsync();
            await agent.GetByTestId("pager-secret").WaitForAsync();
            await KeepScreenshotAsync(agent, "my-on-call-1440");
            await BrowserHost.PhoneWidthAsync(agent);
            await KeepScreenshotAsync(agent, "my-on-call-390");
            (await agent.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390);
        });
    }

    [Fact]
    public async Task An_agent_reads_a_schedule_and_an_admin_the_policies_and_reports_on_a_desk_and_a_phone()
    {
        browser.SkipIfUnavailable();
        await SetUpAsync();
        int scheduleId, policyId;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            scheduleId = (await scope.ServiceProvider.GetRequiredService<OnCallSchedules>().CreateAsync(new NewOnCallSchedule
            {
                GroupKey = Group, Name = "Rota desk days", TimeZone = Berlin,
                Layers =
                [
                    new NewOnCallLayer { Layer = OnCallLayerKind.Primary, Rotation = RotationKind.Daily, StartDate = today.AddDays(-7), Members = ["rota.una", "rota.vic"] },
                    new NewOnCallLayer { Layer = OnCallLayerKind.Secondary, Rotation = RotationKind.Weekly, StartDate = today.AddDays(-7), Members = ["rota.wes"], Restriction = OnCallRestriction.NightsAndWeekends },
                ],
            }, "admin", Ct)).Id;
            policyId = (await scope.ServiceProvider.GetRequiredService<EscalationPolicies>().CreateAsync(new NewEscalationPolicy
            {
                Name = "Rota desk P1", Priority = 1, RepeatCount = 1,
                Levels =
                [
                    new NewEscalationLevel { TimeoutMinutes = 5, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.OnCall, ScheduleId = scheduleId }] },
                    new NewEscalationLevel { TimeoutMinutes = 10, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.GroupManager, GroupKey = Group }] },
                ],
            }, "admin", Ct)).Id;
        }

        var agent = await browser.SignedInPageAsync("rota.una", Password);
        await BrowserHost.WithScreenshotOnFailureAsync(agent, "on-call-agent", async () =>
        {
            await BrowserHost.DesktopWidthAsync(agent);
            await BrowserHost.GoToInteractiveAsync(agent, $"escalations/schedules/{scheduleId}");
            await agent.GetByTestId("layer-secondary").WaitForAsync();
            (await agent.GetByTestId("layer-secondary").InnerTextAsync()).Should().Contain("Nights and weekends").And.Contain("Weekly, handing off");
            (await agent.GetByTestId("edit-layers").CountAsync()).Should().Be(0, "an agent who is not the group's manager reads the schedule");
            (await agent.GetByTestId("calendar-add-override").CountAsync()).Should().Be(0);
            await KeepScreenshotAsync(agent, "schedule-agent-1440");
            await BrowserHost.PhoneWidthAsync(agent);
            await KeepScreenshotAsync(agent, "schedule-agent-390");
            (await agent.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390);
        });

        var admin = await browser.SignedInPageAsync("admin", WebHostFactory.AdminPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(admin, "on-call-admin", async () =>
        {
            foreach (var (path, name, ready) in new[]
            {
                ("escalations/policies", "policies", "policy-list"),
                ($"escalations/policies/{policyId}", "policy", "policy-form"),
                ("escalations/policies/new", "policy-new", "policy-form"),
                ("escalations/reports", "reports", "report-load"),
            })
            {
                await BrowserHost.DesktopWidthAsync(admin);
                await BrowserHost.GoToInteractiveAsync(admin, path);
                await admin.GetByTestId(ready).WaitForAsync();
                await KeepScreenshotAsync(admin, $"{name}-1440");
                await BrowserHost.PhoneWidthAsync(admin);
                await KeepScreenshotAsync(admin, $"{name}-390");
                (await admin.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, $"{path} fits a phone");
            }

            // A level without a target is refused beside the level, and nothing is stored.
            await BrowserHost.DesktopWidthAsync(admin);
            await BrowserHost.GoToInteractiveAsync(admin, "escalations/policies/new");
            await admin.GetByTestId("policy-name").FillAsync("Broken policy");
            await admin.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Remove target 1 of level 1" }).ClickAsync();
            await admin.GetByTestId("save-policy").ClickAsync();
            await Assertions.Expect(admin.GetByText("A level needs at least one target", new PageGetByTextOptions { Exact = false })).ToBeVisibleAsync();
            await KeepScreenshotAsync(admin, "policy-errors-1440");
        });

        await using var check = browser.Host.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<EscalationPolicy>().CountAsync(p => p.Name == "Broken policy", Ct)).Should().Be(0);
    }

    /// <summary>The rota desk with its manager sam (the scheduler) and four agents; once per host.</summary>
    private async Task SetUpAsync()
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        if (await db.Groups.AnyAsync(g => g.Key == Group, Ct))
        {
            return;
        }

        db.Groups.Add(new DirectoryGroup { Key = Group, DisplayName = "Rota desk" });
        await db.SaveChangesAsync(Ct);
        foreach (var (user, name) in new[] { ("sam.scheduler", "Sam Scheduler"), ("rota.una", "Una Rota"), ("rota.vic", "Vic Rota"), ("rota.wes", "Wes Rota"), ("rota.xena", "Xena Rota") })
        {
            await browser.Host.CreateUserAsync(user, Password, Roles.Agent);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
            var stored = (await users.FindByNameAsync(user))!;
            stored.DisplayName = name;
            (await users.UpdateAsync(stored)).Succeeded.Should().BeTrue();
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().AddMemberAsync(Group, user, Ct);
        }

        await scope.ServiceProvider.GetRequiredService<EscalationPolicies>().SetManagerAsync(Group, "sam.scheduler", Ct);
    }

    private static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static async Task ChooseAsync(IPage page, string testId, string typed, string option)
    {
        var input = page.GetByTestId(testId);
        await input.ClickAsync();
        await input.PressSequentiallyAsync(typed, new LocatorPressSequentiallyOptions { Delay = 30 });
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await Assertions.Expect(input).ToHaveValueAsync(option);
        // Under load an earlier keystroke's search can answer after the pick and open the list again; its overlay would swallow the next click.
        await page.WaitForTimeoutAsync(400);
        await BrowserHost.CloseOpenSelectAsync(page);
    }

    private static async Task KeepScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(BrowserHost.ScreenshotFolder, "escalations");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }
}
