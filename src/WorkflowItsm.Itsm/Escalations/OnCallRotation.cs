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

    /// <summary>
    /// Who actually answers <paramref name="layer"/> over [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): the
    /// rotation with overrides winning and restricted hours left out, as consecutive spans (adjacent equal ones merged).
    /// What changes who answers only happens at a handoff, an override's edge or a restriction's edge, so the answer
    /// is asked once per span between those moments.
    /// </summary>
    public static IReadOnlyList<OnCallShift> Coverage(OnCallSchedule schedule, OnCallLayerKind layer, DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc <= fromUtc)
        {
            return [];
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        var moments = new SortedSet<DateTime> { fromUtc, toUtc };
        var rota = schedule.Layers.FirstOrDefault(l => l.Kind == layer);
        if (rota is not null)
        {
            foreach (var shift in Shifts(rota, zone, fromUtc, toUtc))
            {
                moments.Add(shift.StartsAt);
                moments.Add(shift.EndsAt);
            }

            if (rota.Restriction != OnCallRestriction.Always)
            {
                var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(fromUtc, zone)).AddDays(-1);
                var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(toUtc, zone)).AddDays(1);
                for (var day = first; day <= last; day = day.AddDays(1))
                {
                    moments.Add(ToUtc(day, TimeOnly.MinValue, zone));
                    moments.Add(ToUtc(day, BusinessStart, zone));
                    moments.Add(ToUtc(day, BusinessEnd, zone));
                }
            }
        }

        foreach (var covering in schedule.Overrides.Where(o => o.Layer == layer))
        {
            moments.Add(covering.StartsAt);
            moments.Add(covering.EndsAt);
        }

        var inRange = moments.Where(m => m >= fromUtc && m <= toUtc).ToList();
        var spans = new List<OnCallShift>();
        for (var i = 0; i + 1 < inRange.Count; i++)
        {
            var who = At(schedule, layer, inRange[i]);
            if (who is null)
            {
                continue;
            }

            if (spans.Count > 0 && spans[^1] is var previous && previous.EndsAt == inRange[i] && previous.UserName == who.UserName && previous.IsOverride == who.IsOverride)
            {
                spans[^1] = previous with { EndsAt = inRange[i + 1] };
            }
            else
            {
                spans.Add(new OnCallShift(who.UserName, inRange[i], inRange[i + 1], who.IsOverride));
            }
        }

        return spans;
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
