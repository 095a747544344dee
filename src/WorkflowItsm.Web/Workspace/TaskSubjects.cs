using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Releases;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Incidents;
using WorkflowItsm.Web.Changes;
using WorkflowItsm.Web.Modules;
using WorkflowItsm.Web.Problems;
using WorkflowItsm.Web.Releases;
using WorkflowItsm.Web.Requests;

namespace WorkflowItsm.Web.Workspace;

/// <summary>The resolution clock of a record's SLA while it runs: business time left, or breached.</summary>
public sealed record TaskSubjectSla(string Name, TimeSpan Remaining, bool Breached)
{
    public string Text => Breached ? "SLA breached" : $"{IncidentDisplay.Duration(Remaining)} left";

    public Color Color => Breached ? Color.Error : Remaining < TimeSpan.FromHours(1) ? Color.Warning : Color.Default;
}

/// <summary>
/// What a task is about: the record its process works (an incident, problem, change, release or requested item), as
/// the agent needs it to decide and act. <see cref="Person"/> is whom the record is for, read after
/// <see cref="PersonLabel"/> ("Caller", "Requested for"); records without a priority (requested items, releases) have none.
/// </summary>
public sealed record TaskSubject(
    string Number, string? Page, string ShortDescription, string? Description, string? Person, int? Priority, string StateText, Color StateColor,
    TaskSubjectSla? Sla, string PersonLabel = "Caller")
{
    /// <summary>"P2": the record's priority, as agents call it.</summary>
    public string? PriorityChip => Priority is { } priority ? $"P{priority}" : null;

    /// <summary>"2 – High".</summary>
    public string? PriorityText => Priority is { } priority ? IncidentDisplay.PriorityText(priority) : null;

    public Color PriorityColor => Priority is { } priority ? IncidentDisplay.PriorityColor(priority) : Color.Default;
}

/// <summary>A row of the inbox: the task, the name of its process, and, when it is about a record, the record.</summary>
public sealed record InboxRow(HumanTaskView Task, string ProcessName, TaskSubject? Subject);

/// <summary>
/// Reads the records tasks are about (incidents, problems, changes, releases, requested items) — for a page of tasks at
/// once, in one query per kind of record and one for the
/// clocks, never one per row. A record's workflows carry its number as business key (its own process, a major
/// incident's, an SLA escalation's); a process started without one (the portal's "report an issue") is found
/// through the record's link to the instance, which its first step sets with the incidentNumber variable.
/// </summary>
public sealed class TaskSubjects(ItsmDbContext db, BusinessCalendars calendars, RecordPages pages, TimeProvider time)
{
    /// <summary>
    /// A page of tasks with what they are about. <paramref name="text"/> (optional) matches, case aside, the task's
    /// name, the record's number or its short description, in the database.
    /// </summary>
    public async Task<Page<InboxRow>> ListAsync(HumanTaskFilter filter, string? text, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var tasks = await HumanTaskQueries.PageAsync(Matching(filter, text), filter.Sort, pageNumber, pageSize, cancellationToken);
        var subjects = await OfAsync(tasks.Items, cancellationToken);
        var processNames = await ProcessNamesAsync(tasks.Items, cancellationToken);
        return new Page<InboxRow>([.. tasks.Items.Select(t => new InboxRow(t, processNames[(t.DefinitionKey, t.DefinitionVersion)], subjects.GetValueOrDefault(t.Id)))],
            tasks.Total, tasks.PageNumber, tasks.PageSize);
    }

    /// <summary>How many tasks <see cref="ListAsync"/> would list in all (the inbox's other views).</summary>
    public Task<int> CountAsync(HumanTaskFilter filter, string? text, CancellationToken cancellationToken) =>
        Matching(filter, text).CountAsync(cancellationToken);

    private IQueryable<HumanTaskRecord> Matching(HumanTaskFilter filter, string? text)
    {
        var query = HumanTaskQueries.Filtered(db.HumanTasks.AsNoTracking(), filter);
        if (string.IsNullOrWhiteSpace(text))
        {
            return query;
        }

        // Lower case on both sides: the same answer on every database, whatever its collation.
        var needle = text.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
        // The records that mention it, by the two ways a task is tied to its record: the instance, or the business key.
        var instances = Mentioning(needle, records => records.Where(r => r.ProcessInstanceId != null).Select(r => r.ProcessInstanceId!));
        var numbers = Mentioning(needle, records => records.Select(r => r.Number));
        return query.Where(t => (t.Name != null && t.Name.ToLower().Contains(needle))
            || (t.BusinessKey != null && t.BusinessKey.ToLower().Contains(needle))
            || instances.Contains(t.InstanceId) || (t.BusinessKey != null && numbers.Contains(t.BusinessKey)));
#pragma warning restore CA1304, CA1311, CA1862
    }

    /// <summary>
    /// A column of the records of every kind whose number or short description holds the (lower-case) needle: one
    /// UNION ALL of the five kinds, each projected to a plain column first (EF unites no entities of different kinds).
    /// </summary>
    private IQueryable<string> Mentioning(string needle, Func<IQueryable<Record>, IQueryable<string>> column) =>
        column(Matching<Incident>(needle)).Concat(column(Matching<Problem>(needle))).Concat(column(Matching<Change>(needle)))
            .Concat(column(Matching<Release>(needle))).Concat(column(Matching<RequestedItem>(needle)));

    private IQueryable<Record> Matching<T>(string needle) where T : Record =>
#pragma warning disable CA1304, CA1311, CA1862 // as above: SQL LOWER()
        db.Set<T>().Where(r => r.Number.ToLower().Contains(needle) || r.ShortDescription.ToLower().Contains(needle));
#pragma warning restore CA1304, CA1311, CA1862

    /// <summary>The records of one kind that the tasks' instances drive or whose numbers they carry as business key.</summary>
    private IQueryable<T> About<T>(IReadOnlyCollection<string> instanceIds, IReadOnlyCollection<string> numbers) where T : Record =>
        db.Set<T>().AsNoTracking().Where(r => (r.ProcessInstanceId != null && instanceIds.Contains(r.ProcessInstanceId)) || numbers.Contains(r.Number));

    /// <summary>
    /// The name each task's process version was published under ("Incident triage"), by key and version: agents read
    /// names, not process keys. A version published without a name reads as its key in words ("Incident triage").
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Key, int Version), string>> ProcessNamesAsync(IReadOnlyCollection<HumanTaskView> tasks, CancellationToken cancellationToken)
    {
        var keys = tasks.Select(t => t.DefinitionKey).Distinct().ToList();
        var published = await db.ProcessDefinitions.AsNoTracking().Where(d => keys.Contains(d.Key))
            .Select(d => new { d.Key, d.Version, d.Name }).ToListAsync(cancellationToken);
        return tasks.Select(t => (t.DefinitionKey, t.DefinitionVersion)).Distinct().ToDictionary(
            version => version,
            version => published.SingleOrDefault(d => d.Key == version.DefinitionKey && d.Version == version.DefinitionVersion)?.Name is { Length: > 0 } name
                ? name : KeyInWords(version.DefinitionKey));
    }

    // "incident-triage" → "Incident triage".
    private static string KeyInWords(string key)
    {
        var words = key.Replace('-', ' ').Replace('_', ' ').Replace('.', ' ').Trim();
        return words.Length == 0 ? key : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>The record each task is about, by task id; tasks about no record are left out.</summary>
    public async Task<IReadOnlyDictionary<string, TaskSubject>> OfAsync(IReadOnlyCollection<HumanTaskView> tasks, CancellationToken cancellationToken)
    {
        if (tasks.Count == 0)
        {
            return new Dictionary<string, TaskSubject>();
        }

        var instanceIds = tasks.Select(t => t.InstanceId).Distinct().ToList();
        var numbers = tasks.Select(t => t.BusinessKey).OfType<string>().Distinct().ToList();
        var incidents = await About<Incident>(instanceIds, numbers)
            .Select(i => new { i.Id, i.Number, i.ShortDescription, i.Description, i.Caller, i.Priority, i.State, i.ProcessInstanceId })
            .ToListAsync(cancellationToken);
        var problems = await About<Problem>(instanceIds, numbers)
            .Select(p => new { p.Number, p.ShortDescription, p.Description, p.Priority, p.State, p.ProcessInstanceId })
            .ToListAsync(cancellationToken);
        var changes = await About<Change>(instanceIds, numbers)
            .Select(c => new { c.Number, c.ShortDescription, c.Description, c.OpenedBy, c.Priority, c.State, c.ProcessInstanceId })
            .ToListAsync(cancellationToken);
        var releases = await About<Release>(instanceIds, numbers)
            .Select(r => new { r.Number, r.ShortDescription, r.Description, r.State, r.ProcessInstanceId })
            .ToListAsync(cancellationToken);
        var items = await About<RequestedItem>(instanceIds, numbers)
            .Select(i => new
            {
                i.Number, i.ShortDescription, i.RequestedFor, i.State, i.ProcessInstanceId, i.ItemKey, i.ItemVersion, i.Quantity,
                Values = i.Values.Select(v => new { v.Key, v.Value }).ToList(),
            })
            .ToListAsync(cancellationToken);
        // What was ordered is what the fulfiller works from: the values, worded as the item's version labels them.
        var (versions, models) = items.Count == 0
            ? ([], [])
            : await RequestDisplay.LabelsAsync(db, items.Select(i => (i.ItemKey, i.ItemVersion)), cancellationToken);
        string Ordered(string key, int version, int quantity, IEnumerable<(string Key, string Value)> values)
        {
            var variables = (versions.GetValueOrDefault((key, version))?.Variables ?? []).ToList();
            // In the form's order, as the requester filled it in.
            int Position(string variable) => variables.FindIndex(x => x.Key == variable) is var at and >= 0 ? at : int.MaxValue;
            return string.Join('\n', values.OrderBy(v => Position(v.Key)).Select(v => (Variable: variables.FirstOrDefault(x => x.Key == v.Key), v.Key, v.Value))
                .Select(v => $"{(v.Variable?.Label is { Length: > 0 } label ? label : v.Key)}: {RequestDisplay.ValueText(v.Variable, v.Value, models)}")
                .Prepend($"Quantity: {quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        }

        var clocks = await ResolutionClocksAsync([.. incidents.Select(i => i.Id)], cancellationToken);

        var found = new List<(string? InstanceId, TaskSubject Subject)>();
        found.AddRange(incidents.Select(i => (i.ProcessInstanceId, new TaskSubject(i.Number, pages.Of(i.Number), i.ShortDescription, i.Description, i.Caller,
            i.Priority, IncidentDisplay.StateText(i.State), IncidentDisplay.StateColor(i.State), clocks.GetValueOrDefault(i.Id)))));
        found.AddRange(problems.Select(p => (p.ProcessInstanceId, new TaskSubject(p.Number, pages.Of(p.Number), p.ShortDescription, p.Description, null,
            p.Priority, ProblemDisplay.StateText(p.State), ProblemDisplay.StateColor(p.State), null))));
        found.AddRange(changes.Select(c => (c.ProcessInstanceId, new TaskSubject(c.Number, pages.Of(c.Number), c.ShortDescription, c.Description, c.OpenedBy,
            c.Priority, ChangeLabels.State(c.State), ChangeDisplay.StateColor(c.State), null, "Requested by"))));
        found.AddRange(releases.Select(r => (r.ProcessInstanceId, new TaskSubject(r.Number, pages.Of(r.Number), r.ShortDescription, r.Description, null,
            null, ReleaseLabels.State(r.State), ReleaseDisplay.StateColor(r.State), null))));
        found.AddRange(items.Select(i => (i.ProcessInstanceId, new TaskSubject(i.Number, pages.Of(i.Number), i.ShortDescription,
            Ordered(i.ItemKey, i.ItemVersion, i.Quantity, i.Values.Select(v => (v.Key, v.Value))), i.RequestedFor,
            null, RequestLabels.Stage(i.State), RequestDisplay.StageColor(i.State), null, "Requested for"))));
        var byInstance = found.Where(f => f.InstanceId is not null).ToDictionary(f => f.InstanceId!, f => f.Subject, StringComparer.Ordinal);
        var byNumber = found.ToDictionary(f => f.Subject.Number, f => f.Subject, StringComparer.Ordinal);

        var subjects = new Dictionary<string, TaskSubject>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            // The record the instance drives comes first: a business key is only a name the starter gave.
            if ((byInstance.GetValueOrDefault(task.InstanceId) ?? (task.BusinessKey is { } key ? byNumber.GetValueOrDefault(key) : null)) is { } subject)
            {
                subjects[task.Id] = subject;
            }
        }

        // A continuity drill's step tasks are about the drill, its plan and the step (no record number: drills are not records).
        var drillTasks = tasks.Where(t => t.DefinitionKey == ContinuityDrills.Process && !subjects.ContainsKey(t.Id)).ToList();
        if (drillTasks.Count > 0)
        {
            foreach (var (taskId, drill) in await new ContinuityQueries(db, time).TaskSubjectsAsync([.. drillTasks.Select(t => (t.Id, t.InstanceId, t.BusinessKey))], cancellationToken))
            {
                subjects[taskId] = new TaskSubject(drill.Number, $"continuity/drills/{drill.DrillId}", drill.ShortDescription, drill.Description, drill.PlanOwner,
                    null, drill.StateLabel, WorkflowItsm.Web.Continuity.ContinuityDisplay.StepColor(drill.State), null, "Plan owner");
            }
        }

        return subjects;
    }

    /// <summary>The running resolution clock of each incident (its newest, as the record page shows it), by incident id.</summary>
    private async Task<Dictionary<long, TaskSubjectSla>> ResolutionClocksAsync(IReadOnlyCollection<long> incidentIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, TaskSubjectSla>();
        if (incidentIds.Count == 0)
        {
            return result;
        }

        var rows = await db.SlaClocks.AsNoTracking()
            .Where(c => incidentIds.Contains(c.IncidentId) && c.Kind == SlaKind.Resolution && c.State != SlaClockState.Cancelled)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var calendarsByKey = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        foreach (var clock in rows.GroupBy(c => c.IncidentId).Select(g => g.MaxBy(c => c.StartedAt)!).Where(c => c.State == SlaClockState.Running))
        {
            if (!calendarsByKey.TryGetValue(clock.CalendarKey, out var calendar))
            {
                calendarsByKey[clock.CalendarKey] = calendar = await calendars.GetAsync(clock.CalendarKey, cancellationToken);
            }

            var (_, remaining) = SlaClocks.Progress(clock, calendar, now);
            result[clock.IncidentId] = new TaskSubjectSla(clock.Name, remaining, clock.BreachedAt is not null || remaining == TimeSpan.Zero);
        }

        return result;
    }
}
