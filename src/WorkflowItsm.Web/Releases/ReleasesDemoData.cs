using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Releases;

namespace WorkflowItsm.Web.Releases;

/// <summary>
/// The demo's releases, on the ERP service of the demo CMDB (or its first business service): a major release with three authorized
/// changes under way (planning passed, the build verified, regression tests at 93 % holding the testing phase) and an
/// emergency release in draft; deployment windows for staging and production; carl and the admin as release managers.
/// Made through the real services; nothing happens when releases are there already (or the CMDB has no service).
/// </summary>
internal static class ReleasesDemoData
{
    private const string By = "admin";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ItsmDbContext>();
        if (await db.Releases.AnyAsync(cancellationToken))
        {
            return;
        }

        var service = await db.ConfigurationItems.AsNoTracking()
            .Where(c => db.CiClasses.Any(k => k.Id == c.ClassId && k.Key == CmdbSeed.BusinessService))
            .OrderBy(c => c.ShortDescription == "ERP" ? 0 : 1).ThenBy(c => c.Id).Select(c => c.Number).FirstOrDefaultAsync(cancellationToken);
        if (service is null)
        {
            return;
        }

        var groups = services.GetRequiredService<DirectoryGroups>();
        foreach (var member in await db.Users.AsNoTracking().Where(u => u.UserName == "admin" || u.UserName == "carl").Select(u => u.UserName!).ToListAsync(cancellationToken))
        {
            await groups.AddMemberAsync(ReleaseApprovalDefaults.ReleaseManagersGroup, member, cancellationToken);
        }

        var windows = services.GetRequiredService<ChangeWindows>();
        await windows.CreateAsync(new NewChangeWindow
        {
            Name = "Production releases: Saturday night", Kind = ChangeWindowKind.Maintenance, Environment = ReleasePlanTemplate.ProductionEnvironment,
            Days = [DayOfWeek.Saturday], StartTime = new TimeOnly(22, 0), DurationMinutes = 240, TimeZone = "Europe/Berlin",
        }, By, cancellationToken);
        await windows.CreateAsync(new NewChangeWindow
        {
            Name = "Staging releases: weekday evenings", Kind = ChangeWindowKind.Maintenance, Environment = "staging",
            Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], StartTime = new TimeOnly(18, 0),
            DurationMinutes = 180, TimeZone = "Europe/Berlin",
        }, By, cancellationToken);

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var changes = services.GetRequiredService<ChangeService>();
        var contained = new List<string>();
        foreach (var title in (string[])["Add the purchase approval screen", "Move report sessions to the shared cache", "Raise the ERP API rate limits"])
        {
            var change = await changes.CreateAsync(new NewChange
            {
                ShortDescription = title, Service = service, Type = ChangeType.Normal, PlannedStart = now.Date.AddDays(30).AddHours(20), PlannedEnd = now.Date.AddDays(30).AddHours(23),
                ImplementationPlan = "Deployed by the release pipeline.", BackoutPlan = "Roll back to the previous release.", TestPlan = "Regression suite.",
            }, By, cancellationToken);
            await ScheduleAsync(services, change.Number, cancellationToken);
            contained.Add(change.Number);
        }

        var releases = services.GetRequiredService<ReleaseService>();
        var major = await releases.CreateAsync(new NewRelease
        {
            ShortDescription = "ERP 4.2: purchase approvals and faster reports", Description = "The purchase approval screen, with report sessions in the shared cache.", Service = service,
            Version = "4.2.0", Type = ReleaseType.Major, ReadinessDate = DateOnly.FromDateTime(now).AddDays(60), Changes = contained,
        }, By, cancellationToken);
        await releases.TransitionAsync(major.Number, new ReleaseTransition(ReleaseState.Pending), By, cancellationToken);
        await releases.TransitionAsync(major.Number, new ReleaseTransition(ReleaseState.InProgress), By, cancellationToken);
        db.ChangeTracker.Clear();
        var evidence = services.GetRequiredService<ReleaseEvidence>();
        await evidence.RecordAsync(major.Number, new ReleaseEvidenceInput { Phase = "Development", Gate = "G2", Result = "passed", BuildId = "4.2.0-build.118", Link = "https://ci.example.com/builds/118" }, "pipeline", cancellationToken);
        db.ChangeTracker.Clear();
        await evidence.RecordAsync(major.Number, new ReleaseEvidenceInput
        {
            Phase = "Testing", Gate = "G3", BuildId = "4.2.0-build.118", Link = "https://ci.example.com/builds/118/tests", Tests = new TestResults(930, 70, 81.5m),
        }, "pipeline", cancellationToken);
        db.ChangeTracker.Clear();

        var hotfix = await changes.CreateAsync(new NewChange
        {
            ShortDescription = "Fix the rounding of discounts on invoices", Service = service, Type = ChangeType.Emergency,
            ImplementationPlan = "Deployed by the release pipeline.", BackoutPlan = "Roll back to the previous release.",
        }, By, cancellationToken);
        await releases.CreateAsync(new NewRelease
        {
            ShortDescription = "ERP 4.1.3: invoice rounding hotfix", Service = service, Version = "4.1.3", Type = ReleaseType.Emergency,
            ReadinessDate = DateOnly.FromDateTime(now).AddDays(7), Changes = [hotfix.Number], Environments = ["staging", ReleasePlanTemplate.ProductionEnvironment],
            Phases = [new PhaseInput("Testing", 2, [new GateInput("H1", "Regression tests pass", GateKind.Evidence, Threshold: 98)]),
                new PhaseInput("Implementation", 1, [new GateInput("H2", "All contained changes authorized", GateKind.Policy, GatePolicy.AllChangesAuthorized)])],
        }, By, cancellationToken);
    }

    /// <summary>Moves a normal change along its path to Scheduled (its workflow may have moved it some steps already).</summary>
    private static async Task ScheduleAsync(IServiceProvider services, string number, CancellationToken cancellationToken)
    {
        var changes = services.GetRequiredService<ChangeService>();
        var db = services.GetRequiredService<ItsmDbContext>();
        var path = ChangeLifecycle.HappyPath(ChangeType.Normal).ToList();
        for (var guard = 0; guard < path.Count; guard++)
        {
            db.ChangeTracker.Clear();
            var state = await db.Changes.AsNoTracking().Where(c => c.Number == number).Select(c => c.State).FirstAsync(cancellationToken);
            var at = path.IndexOf(state);
            if (at < 0 || at >= path.IndexOf(ChangeState.Scheduled))
            {
                return;
            }

            await changes.TransitionAsync(number, new ChangeTransition(path[at + 1]), By, cancellationToken);
        }

        db.ChangeTracker.Clear();
    }
}
