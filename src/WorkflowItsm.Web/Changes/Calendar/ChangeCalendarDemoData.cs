using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Conflicts;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Changes.Calendar;

/// <summary>
/// For the demo calendar: the mail server's Sunday-night maintenance window, a year-end blackout on ERP, a draft
/// quarter-end freeze, and two changes tonight that conflict (the Exchange upgrade runs on vm-mail-01, which
/// is being patched at the same time by the same engineer). Seeded once: nothing happens when a window exists.
/// </summary>
internal static class ChangeCalendarDemoData
{
    private const string By = "system";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ItsmDbContext>();
        if (await db.ChangeWindows.AnyAsync(cancellationToken))
        {
            return;
        }

        var cis = await db.ConfigurationItems.AsNoTracking()
            .Where(c => c.ShortDescription == "Exchange Server" || c.ShortDescription == "vm-mail-01" || c.ShortDescription == "ERP")
            .ToDictionaryAsync(c => c.ShortDescription, c => c.Number, cancellationToken);
        if (cis.Count < 3)
        {
            return; // the CMDB demo is not there
        }

        var windows = services.GetRequiredService<ChangeWindows>();
        var mailWindow = await windows.CreateAsync(new NewChangeWindow
        {
            Name = "Mail Sunday night", Kind = ChangeWindowKind.Maintenance, Days = [DayOfWeek.Sunday], StartTime = new TimeOnly(22, 0), DurationMinutes = 240,
            TimeZone = "Europe/Berlin", Targets = [cis["Exchange Server"], cis["vm-mail-01"]],
        }, By, cancellationToken);
        var today = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.Date;
        await windows.CreateAsync(new NewChangeWindow
        {
            Name = "Year-end freeze", Kind = ChangeWindowKind.Blackout, Start = today.AddDays(10), End = today.AddDays(17), Targets = [cis["ERP"]],
            Description = "Closing the books: no change to ERP.",
        }, By, cancellationToken);
        // Submitted: it waits for a change manager's approval (carl's "My approvals").
        var freezes = services.GetRequiredService<ChangeFreezes>();
        var lockdown = await freezes.CreateAsync(
            new NewChangeFreeze("Quarter-end lockdown", "Quarter-end close on ERP", today.AddDays(20), today.AddDays(23), [cis["ERP"]]), By, cancellationToken);
        await freezes.SubmitAsync(lockdown.Number, By, cancellationToken);

        var numbers = services.GetRequiredService<RecordNumbers>();
        var night = ConflictingEvening(mailWindow, today);
        Change Planned(string number, string title, ChangeState state, DateTime start, string ci) => new()
        {
            Number = number, ShortDescription = title, OpenedBy = By, OpenedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, State = state,
            Type = ChangeType.Normal, PlannedStart = start, PlannedEnd = start.AddHours(1), AssignedTo = "ben", AssignmentGroup = "applications",
            ConfigurationItem = ci,
        };
        var patch = Planned(await numbers.NextAsync(RecordNumbers.Change, cancellationToken), "Patch vm-mail-01", ChangeState.Scheduled, night, cis["vm-mail-01"]);
        var upgrade = Planned(await numbers.NextAsync(RecordNumbers.Change, cancellationToken), "Upgrade Exchange Server to CU15", ChangeState.Authorize,
            night.AddMinutes(30), cis["Exchange Server"]);
        db.Changes.AddRange(patch, upgrade);
        await db.SaveChangesAsync(cancellationToken);

        var check = services.GetRequiredService<ChangeConflictCheck>();
        await check.CheckAndStoreAsync(patch.Number, cancellationToken);
        await check.CheckAndStoreAsync(upgrade.Number, cancellationToken);
    }

    /// <summary>
    /// When tonight's patch starts: 21:00 UTC, or earlier that evening when the upgrade (half an hour later, for an
    /// hour) would lie inside the mail window. On a Sunday 21:30 UTC is inside it, and the demo's upgrade would lose
    /// its "outside the maintenance window" conflict; the day stays today so that the calendar's week shows it.
    /// </summary>
    internal static DateTime ConflictingEvening(ChangeWindow mailWindow, DateTime today)
    {
        foreach (var hour in (int[])[21, 17, 13])
        {
            var patch = today.AddHours(hour);
            var upgrade = (Start: patch.AddMinutes(30), End: patch.AddMinutes(90));
            if (!mailWindow.Occurrences(today.AddDays(-1), today.AddDays(2)).Any(o => o.Start <= upgrade.Start && o.End >= upgrade.End))
            {
                return patch;
            }
        }

        throw new InvalidOperationException($"The mail window \"{mailWindow.Name}\" covers the whole evening of {today:yyyy-MM-dd}.");
    }
}
