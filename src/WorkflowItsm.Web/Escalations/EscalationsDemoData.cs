using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Escalations;

/// <summary>
/// The demo's on-call: a weekly rota of the second line (primary, handoff Monday 09:00 Berlin time) backed by the
/// service desk (secondary, nights and weekends), an override this week, the service desk managers' first member as
/// the second line's manager, and a P1 policy (on call for 5 minutes, then the secondary and the manager for 10,
/// once more). Made through the real services; nothing happens when schedules are there already or the groups are empty.
/// </summary>
internal static class EscalationsDemoData
{
    private const string By = "admin";
    private const string Group = "service-desk-l2";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ItsmDbContext>();
        if (await db.Set<OnCallSchedule>().AnyAsync(cancellationToken))
        {
            return;
        }

        var groups = services.GetRequiredService<DirectoryGroups>();
        var second = (await groups.MembersOfAsync([Group], cancellationToken)).Order(StringComparer.Ordinal).ToList();
        var desk = (await groups.MembersOfAsync(["service-desk"], cancellationToken)).Order(StringComparer.Ordinal).ToList();
        var managers = (await groups.MembersOfAsync(["service-desk-managers"], cancellationToken)).Order(StringComparer.Ordinal).ToList();
        if (second.Count == 0 || desk.Count == 0)
        {
            return;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var schedules = services.GetRequiredService<OnCallSchedules>();
        var schedule = await schedules.CreateAsync(new NewOnCallSchedule
        {
            GroupKey = Group, Name = "Second line on call", TimeZone = "Europe/Berlin",
            Layers =
            [
                new NewOnCallLayer { Layer = OnCallLayerKind.Primary, Rotation = RotationKind.Weekly, HandoffDay = DayOfWeek.Monday, HandoffTime = new TimeOnly(9, 0),
                    StartDate = today.AddDays(-14), Members = second },
                new NewOnCallLayer { Layer = OnCallLayerKind.Secondary, Rotation = RotationKind.Daily, HandoffTime = new TimeOnly(18, 0),
                    StartDate = today.AddDays(-14), Members = desk, Restriction = OnCallRestriction.NightsAndWeekends },
            ],
        }, By, cancellationToken);
        await schedules.AddOverrideAsync(schedule.Id, new NewOnCallOverride
        {
            Layer = OnCallLayerKind.Primary, UserName = second[^1], StartsAt = now.Date.AddDays(1).AddHours(8), EndsAt = now.Date.AddDays(2).AddHours(8),
            Reason = "Covers a day off",
        }, By, cancellationToken);

        var policies = services.GetRequiredService<EscalationPolicies>();
        var manager = managers.FirstOrDefault() ?? By;
        await policies.SetManagerAsync(Group, manager, cancellationToken);
        await policies.CreateAsync(new NewEscalationPolicy
        {
            Name = "P1 incidents", Priority = 1, RepeatCount = 1, OnNewIncident = true, OnSlaBreach = true,
            Levels =
            [
                new NewEscalationLevel { TimeoutMinutes = 5, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.OnCall, ScheduleId = schedule.Id, Layer = OnCallLayerKind.Primary }] },
                new NewEscalationLevel
                {
                    TimeoutMinutes = 10,
                    Targets =
                    [
                        new NewEscalationTarget { Kind = EscalationTargetKind.OnCall, ScheduleId = schedule.Id, Layer = OnCallLayerKind.Secondary },
                        new NewEscalationTarget { Kind = EscalationTargetKind.GroupManager, GroupKey = Group },
                    ],
                },
            ],
        }, By, cancellationToken);
    }
}
