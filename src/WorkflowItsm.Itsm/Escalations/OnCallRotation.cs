namespace WorkflowItsm.Itsm.Escalations;

/// <summary>One person's turn on a layer, in UTC.</summary>
public sealed record OnCallShift(string UserName, DateTime StartsAt, DateTime EndsAt, bool IsOverride);

/// <summary>
/// The rota's arithmetic, without a database. Shifts are counted in local calendar days of the schedule's zone from
/// the rotation's start at the handoff's wall-clock time, so a DST change moves the handoff's UTC moment, never its
/// local one; an override covering the moment wins; a restricted layer has nobody outside its hours.
/// </summary>
public static class OnCallRotation
{
    public static readonly TimeOnly BusinessStart = new(9, 0);
    public static readonly TimeOnly BusinessEnd = new(17, 0);

    /// <summary>The first shift's day: for a weekly rotation the first day on or after <paramref name="start"/> that falls on <paramref name="handoffDay"/>.</summary>
    public static DateOnly FirstShiftDay(RotationKind rotation, DateOnly start, DayOfWeek? handoffDay) =>
        rotation == RotationKind.Weekly && handoffDay is { } day ? start.AddDays(((int)day - (int)start.DayOfWeek + 7) % 7) : start;

    /// <summary>Who covers <paramref name="layer"/> at <paramref name="atUtc"/> (null: nobody — before the rotation starts, or outside its restriction).</summary>
    public static OnCallShift? At(OnCallSchedule schedule, OnCallLayerKind layer, DateTime atUtc)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        var covering = schedule.Overrides.Where(o => o.Layer == layer && o.StartsAt <= atUtc && atUtc < o.EndsAt).OrderByDescending(o => o.Id).FirstOrDefault();
        if (covering is not null)
        {
            return new OnCallShift(covering.UserName, covering.StartsAt, covering.EndsAt, IsOverride: true);
        }

        var rota = schedule.Layers.FirstOrDefault(l => l.Kind == layer);
        if (rota is null)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(atUtc, DateTimeKind.Utc), zone);
        return Answers(rota.Restriction, local) ? Rotation(rota, zone, local) : null;
    }

    /// <summary>The rotation's shift holding the local moment <paramref name="local"/>, ignoring overrides and restrictions.</summary>
    public static OnCallShift? Rotation(OnCallLayer rota, TimeZoneInfo zone, DateTime local)
    {
        var members = rota.MemberList;
        if (members.Count == 0 || rota.ShiftDays < 1)
        {
            return null;
        }

        // The local day the current shift's handoff happened on: before today's handoff time, it is still yesterday's shift.
        var day = DateOnly.FromDateTime(local);
        if (TimeOnly.FromDateTime(local) < rota.HandoffTime)
        {
            day = day.AddDays(-1);
        }

        var days = day.DayNumber - rota.StartDate.DayNumber;
        if (days < 0)
        {
            return null;
        }

        var shift = days / rota.ShiftDays;
        var start = rota.StartDate.AddDays(shift * rota.ShiftDays);
        return new OnCallShift(members[shift % members.Count], ToUtc(start, rota.HandoffTime, zone), ToUtc(start.AddDays(rota.ShiftDays), rota.HandoffTime, zone), IsOverride: false);
    }

    /// <summary>The rotation's shifts overlapping [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in order (for the calendar feed).</summary>
    public static IEnumerable<OnCallShift> Shifts(OnCallLayer rota, TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        var at = fromUtc;
        while (at < toUtc)
        {
            var shift = Rotation(rota, zone, TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone));
            if (shift is null)
            {
                // Before the rotation starts: jump to its first handoff.
                var first = ToUtc(rota.StartDate, rota.HandoffTime, zone);
                if (first <= at)
                {
                    yield break;
                }

                at = first;
                continue;
            }

            yield return shift;
            at = shift.EndsAt;
        }
    }

    /// <summary>Whether a layer with <paramref name="restriction"/> answers at the local moment <paramref name="local"/>.</summary>
    public static bool Answers(OnCallRestriction restriction, DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        var business = local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && time >= BusinessStart && time < BusinessEnd;
        return restriction switch
        {
            OnCallRestriction.BusinessHours => business,
            OnCallRestriction.NightsAndWeekends => !business,
            _ => true,
        };
    }

    /// <summary>A local wall-clock moment in UTC; one inside a spring-forward gap is taken an hour later, as clocks show it.</summary>
    public static DateTime ToUtc(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
