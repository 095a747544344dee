using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// Fills a migrated, empty PostgreSQL database with incidents as a service desk accumulates them over two years, by
/// binary COPY (secondary indexes are dropped first and built again afterwards, as a restore does; foreign keys are not
/// checked where the user may turn that off). The same rows for a given size, dated back from the day it runs. Most
/// incidents are closed; the open ones lean recent (this week's are nearly all open, a tail of stale ones stays open
/// for months) and are chosen until the running SLA clocks on the business-hours calendar number exactly
/// <c>runningClocks</c>. A tenth of the incidents carry their field history (the creation audit of every field, then
/// changes) and notes.
/// </summary>
internal sealed class IncidentSeeder(string connectionString, int incidents, int runningClocks)
{
    public static readonly string[] OpenStates = [nameof(IncidentState.New), nameof(IncidentState.InProgress), nameof(IncidentState.OnHold)];

    public static readonly string[] Groups = ["service-desk", "service-desk-l2", "network", "workplace", "applications", "identity", "database", "facilities"];
    private static readonly int[] GroupWeights = [30, 14, 12, 14, 12, 8, 6, 4];
    public const int AgentsPerGroup = 5;
    public const int Callers = 50;
    private const int ConfigurationItems = 500;
    private const int HistorySampleEvery = 10;
    private static readonly TimeSpan History = TimeSpan.FromDays(730);

    private static readonly (string Category, int Weight, string Service, (string Subcategory, string[] Phrases)[] Subcategories)[] Categories =
    [
        ("network", 14, "network", [
            ("vpn", ["VPN drops every few minutes", "Cannot connect to VPN from home", "VPN very slow since this morning"]),
            ("wifi", ["No Wi-Fi in meeting room", "Wi-Fi keeps asking for the password again"]),
            ("lan", ["Network port dead at desk", "Network share unreachable"])]),
        ("hardware", 18, "workplace", [
            ("laptop", ["Laptop does not start", "Laptop battery drains within an hour", "Docking station not detected"]),
            ("printer", ["Printer on floor 3 jams", "Cannot print to the colour printer"]),
            ("monitor", ["Second monitor stays black", "Monitor flickers"])]),
        ("software", 20, "erp", [
            ("office", ["Excel crashes when opening large files", "Word templates missing"]),
            ("erp", ["ERP posting fails with an error", "ERP report takes ages", "Cannot release purchase order in ERP"]),
            ("crm", ["CRM shows wrong customer address", "CRM login loop"])]),
        ("access", 16, "identity", [
            ("password", ["Password expired, cannot log in", "Account locked after password change"]),
            ("permissions", ["Need access to the finance share", "Missing role in the HR portal"])]),
        ("email", 12, "email", [
            ("mailbox", ["Mailbox full", "Shared mailbox not visible in Outlook"]),
            ("calendar", ["Meeting invitations not arriving", "Calendar sharing does not work"])]),
        ("database", 5, "database-platform", [
            ("performance", ["Reporting database slow", "Queries time out on the data warehouse"]),
            ("backup", ["Nightly backup failed", "Restore of the test database needed"])]),
        ("security", 5, "identity", [
            ("phishing", ["Suspicious e-mail received", "Clicked a link in a phishing mail"]),
            ("malware", ["Antivirus reports a threat", "Pop-ups keep appearing"])]),
        ("inquiry", 10, "intranet", [
            ("howto", ["How do I set up an out-of-office reply", "How to book a meeting room screen"]),
            ("intranet", ["Intranet page shows an error", "Cannot find the travel policy on the intranet"])]),
    ];

    private static readonly int[] CategoryWeights = [.. Categories.Select(c => c.Weight)];
    private static readonly string[] Sites = ["HQ floor 2", "HQ floor 3", "Warehouse", "Branch Munich", "Branch Hamburg", "home office"];
    private static readonly string[] ResolutionCodes = ["fixed", "workaround", "no-fault-found", "duplicate", "user-instructed"];

    public static string Agent(int group, int index) => string.Create(CultureInfo.InvariantCulture, $"{Groups[group]}.agent{index + 1}");

    public static string Caller(int index) => string.Create(CultureInfo.InvariantCulture, $"caller{index + 1:D2}");

    public static string Number(long id) => RecordNumbers.Format(RecordNumbers.Incident, RecordNumbers.FirstValue - 1 + id);

    /// <summary>The incidents with a field history and notes (every tenth), for the incident-page measurement.</summary>
    public static bool HasHistory(long id) => id % HistorySampleEvery == 1;

    public static IEnumerable<string> CategoryNames => Categories.Select(c => c.Category);

    public async Task SeedAsync(BusinessCalendar businessHours, BusinessCalendar aroundTheClock)
    {
        var now = DateTime.UtcNow;
        var random = new Random(20261201);
        var plan = PlanOpenIncidents(random);
        var total = Stopwatch.StartNew();

        // The end of a COPY waits for the server to take in what was sent: longer than a command's default 30 s.
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await using var connection = await OpenAsync(dataSource);
        string[] tables = ["Incidents", "RecordNotes", "RecordAudit", "SlaClocks", "SlaClockEvents"];
        var indexes = await SecondaryIndexesAsync(connection, tables);
        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX \"{name}\"");
        }

        var step = Stopwatch.StartNew();
        var related = CopyIncidents(connection, plan, random, now, businessHours, aroundTheClock);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["incidents"] = incidents,
            ["open incidents"] = plan.Open,
            ["running business-hours clocks"] = plan.RunningClocks,
        };
        // Two chains at a time; the clock events follow their clocks (foreign keys, where they are checked).
        await Task.WhenAll(new[] { related[..2], related[2..] }.Select(chain => Task.Run(async () =>
        {
            await using var own = await OpenAsync(dataSource);
            foreach (var rows in chain)
            {
                CopyRows(own, rows.Copy, rows.Rows);
            }
        })));
        foreach (var rows in related)
        {
            counts[rows.Name] = rows.Rows.Count;
        }

        var copySeconds = step.Elapsed.TotalSeconds;
        step.Restart();
        // Two at a time (the cores), the slowest (the trigram index) first.
        var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(indexes.Select(i => i.Definition).OrderByDescending(d => d.Contains("USING gin", StringComparison.Ordinal)));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await using var own = await OpenAsync(dataSource);
            while (queue.TryDequeue(out var definition))
            {
                await ExecuteAsync(own, definition);
            }
        })));
        var indexSeconds = step.Elapsed.TotalSeconds;
        await ExecuteAsync(connection, $"SELECT setval(pg_get_serial_sequence('\"Incidents\"', 'Id'), {incidents.ToString(CultureInfo.InvariantCulture)})");
        await ExecuteAsync(connection, $"UPDATE \"RecordSequences\" SET \"LastValue\" = {(RecordNumbers.FirstValue - 1 + incidents).ToString(CultureInfo.InvariantCulture)} WHERE \"Prefix\" = '{RecordNumbers.Incident}'");
        counts["open incidents' workflow tasks"] = await SeedWorkflowTasksAsync(connection);
        step.Restart();
        // What autovacuum would have done by the time a table holds this much: statistics and the visibility map
        // (which lets COUNT(*) over an index skip the table).
        await ExecuteAsync(connection, $"VACUUM (ANALYZE) {string.Join(", ", tables.Concat(["ProcessInstances", "HumanTasks"]).Select(t => $"\"{t}\""))}");
        var vacuumSeconds = step.Elapsed.TotalSeconds;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {string.Join(", ", counts.Select(c => $"{c.Value:N0} {c.Key}"))} in {total.Elapsed.TotalSeconds:F0} s " +
            $"(COPY {copySeconds:F0} s, {indexes.Count} indexes {indexSeconds:F0} s, VACUUM ANALYZE {vacuumSeconds:F0} s)"));
    }

    /// <summary>
    /// Every open incident waits in its incident-triage workflow for the group's "Resolve incident" task, as in the
    /// product; the tasks start without a due date, so the first calendar change gives each one (the worst case of
    /// following the SLA targets). Made by the database from the incident rows.
    /// </summary>
    private static async Task<long> SeedWorkflowTasksAsync(NpgsqlConnection connection)
    {
        const string open = "i.\"State\" IN ('New', 'InProgress', 'OnHold')";
        const string EmptyState = "{}";
        await ExecuteAsync(connection, $"""
            INSERT INTO "ProcessInstances" ("Id", "BusinessKey", "DefinitionId", "DefinitionKey", "DefinitionVersion", "IsSuspended", "Revision",
                "StartedAt", "StartedBy", "StateJson", "Status", "ActiveElements")
            SELECT 'scale-' || i."Number", i."Number", '00000000-0000-0000-0000-000000000001', '{IncidentService.TriageProcess}', 1, false, 1,
                i."OpenedAt", i."Caller", '{EmptyState}', 'Running', 'ResolveIncident'
            FROM "Incidents" i WHERE {open}
            """);
        await ExecuteAsync(connection, $"""
            INSERT INTO "HumanTasks" ("Id", "InstanceId", "BusinessKey", "DefinitionKey", "DefinitionVersion", "ElementId", "Name", "CandidateGroups",
                "Assignee", "CreatedAt", "Priority", "Revision", "Status")
            SELECT 'scale-task-' || i."Number", 'scale-' || i."Number", i."Number", '{IncidentService.TriageProcess}', 1, 'ResolveIncident', 'Resolve incident',
                i."AssignmentGroup", i."AssignedTo", i."OpenedAt", 50, 1, 'Open'
            FROM "Incidents" i WHERE {open}
            """);
        await using var link = new NpgsqlCommand($"""UPDATE "Incidents" i SET "ProcessInstanceId" = 'scale-' || i."Number" WHERE {open}""", connection);
        return await link.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A session for bulk work: memory for index builds, and (for a superuser, as on the tool's own cluster) no
    /// foreign-key triggers, whose checks would cost more than the COPY itself; the generated rows are consistent.
    /// </summary>
    private static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource)
    {
        var connection = await dataSource.OpenConnectionAsync();
        await ExecuteAsync(connection, "SET maintenance_work_mem = '512MB'");
        await using var superuser = new NpgsqlCommand("SELECT current_setting('is_superuser') = 'on'", connection);
        if ((bool)(await superuser.ExecuteScalarAsync())!)
        {
            await ExecuteAsync(connection, "SET session_replication_role = replica");
        }

        return connection;
    }

    private sealed record RelatedRows(string Name, string Copy, List<Action<NpgsqlBinaryImporter>> Rows);

    /// <summary>Priority and state of every incident (index = id − 1); open ones chosen until the clock count is reached.</summary>
    private SeedPlan PlanOpenIncidents(Random random)
    {
        var priorities = new byte[incidents];
        var states = new IncidentState[incidents];
        var holdReasons = new OnHoldReason?[incidents];
        for (var i = 0; i < incidents; i++)
        {
            priorities[i] = (byte)Weighted(random, [2, 8, 30, 40, 20], 1);
            states[i] = IncidentState.Closed;
        }

        var open = 0;
        var clocks = 0;
        while (clocks < runningClocks && open < incidents)
        {
            // u³ leans towards the newest: nearly all of this week's incidents are open, a thin tail of old ones too.
            var u = random.NextDouble();
            var index = incidents - 1 - (int)(incidents * u * u * u);
            if (states[index] != IncidentState.Closed)
            {
                continue;
            }

            var state = (IncidentState)Weighted(random, [15, 65, 20], 0);
            OnHoldReason? reason = state == IncidentState.OnHold ? (OnHoldReason)Weighted(random, [50, 30, 20], 0) : null;
            var adds = RunningBusinessHoursClocks(priorities[index], state, reason);
            if (clocks + adds > runningClocks)
            {
                // One short: a New incident would bring two (response and resolution).
                (state, reason, adds) = (IncidentState.InProgress, null, RunningBusinessHoursClocks(priorities[index], IncidentState.InProgress, null));
            }

            states[index] = state;
            holdReasons[index] = reason;
            clocks += adds;
            open++;
        }

        return new SeedPlan(priorities, states, holdReasons, open, clocks);
    }

    /// <summary>As the seeded definitions do it: P1 runs on 24x7; resolution pauses awaiting the caller; response runs while New.</summary>
    private static int RunningBusinessHoursClocks(int priority, IncidentState state, OnHoldReason? reason) =>
        priority == 1 ? 0 : (state == IncidentState.OnHold && reason == OnHoldReason.AwaitingCaller ? 0 : 1) + (state == IncidentState.New ? 1 : 0);

    private sealed record SeedPlan(byte[] Priorities, IncidentState[] States, OnHoldReason?[] HoldReasons, int Open, int RunningClocks);

    /// <summary>COPYs the incidents; returns the rows of the other tables, made on the way, for COPYs of their own.</summary>
    private RelatedRows[] CopyIncidents(NpgsqlConnection connection, SeedPlan plan, Random random, DateTime now, BusinessCalendar businessHours, BusinessCalendar aroundTheClock)
    {
        var start = now - History;
        var notes = new List<Action<NpgsqlBinaryImporter>>();
        var audit = new List<Action<NpgsqlBinaryImporter>>();
        var clocks = new List<Action<NpgsqlBinaryImporter>>();
        var events = new List<Action<NpgsqlBinaryImporter>>();
        long lastMajor = 0;

        using (var writer = connection.BeginBinaryImport("""
            COPY "Incidents" ("Id", "Number", "ShortDescription", "Description", "Caller", "Category", "Subcategory", "Service", "ConfigurationItem",
              "Impact", "Urgency", "Priority", "AssignmentGroup", "AssignedTo", "State", "OnHoldReason", "ResolutionCode", "ResolutionNotes", "IsMajor",
              "ParentId", "ProcessInstanceId", "OpenedBy", "OpenedAt", "UpdatedAt", "ResolvedAt", "ClosedAt", "Revision") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var index = 0; index < incidents; index++)
            {
                long id = index + 1;
                var priority = plan.Priorities[index];
                var (impact, urgency) = ImpactAndUrgency(random, priority);
                var (category, _, service, subcategories) = Categories[Weighted(random, CategoryWeights, 0)];
                var (subcategory, phrases) = subcategories[random.Next(subcategories.Length)];
                var phrase = phrases[random.Next(phrases.Length)];
                var site = Sites[random.Next(Sites.Length)];
                var group = priority <= 2 && random.Next(3) == 0 ? 1 : Weighted(random, GroupWeights, 0);
                var caller = Caller((int)(Callers * Math.Pow(random.NextDouble(), 1.5)));
                var openedAt = start + (History * ((index + random.NextDouble()) / incidents));
                var state = plan.States[index];
                DateTime? resolvedAt = null, closedAt = null;
                string? resolutionCode = null;
                DateTime updatedAt;
                if (state == IncidentState.Closed)
                {
                    // Closed incidents are those neither open nor among the newest resolved/cancelled ones.
                    var roll = random.Next(100);
                    var resolved = openedAt + TimeSpan.FromMinutes(10 + (random.NextDouble() * random.NextDouble() * 14 * 24 * 60));
                    if (roll < 4)
                    {
                        state = IncidentState.Cancelled;
                        closedAt = openedAt + TimeSpan.FromMinutes(5 + random.Next(600));
                    }
                    else if (resolved + TimeSpan.FromDays(3) > now)
                    {
                        state = IncidentState.Resolved;
                        resolvedAt = resolved < now ? resolved : now;
                    }
                    else
                    {
                        resolvedAt = resolved;
                        closedAt = resolved + TimeSpan.FromDays(3);
                    }

                    resolutionCode = state == IncidentState.Cancelled ? null : ResolutionCodes[random.Next(ResolutionCodes.Length)];
                    updatedAt = closedAt ?? resolvedAt!.Value;
                }
                else
                {
                    updatedAt = openedAt + ((now - openedAt) * random.NextDouble());
                }

                if (updatedAt > now)
                {
                    updatedAt = now;
                }

                var assignee = state == IncidentState.New ? null : Agent(group, random.Next(AgentsPerGroup));
                var isMajor = priority <= 2 && random.Next(500) == 0;
                long? parent = !isMajor && lastMajor > 0 && id - lastMajor < 200 && random.Next(20) == 0 ? lastMajor : null;
                lastMajor = isMajor ? id : lastMajor;
                var openedBy = random.Next(10) < 4 ? caller : Agent(0, random.Next(AgentsPerGroup));
                var shortDescription = $"{phrase} ({site})";
                var configurationItem = random.Next(5) == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"ci-{random.Next(ConfigurationItems) + 1:D4}");

                writer.StartRow();
                writer.Write(id, NpgsqlDbType.Bigint);
                writer.Write(Number(id), NpgsqlDbType.Varchar);
                writer.Write(shortDescription, NpgsqlDbType.Varchar);
                writer.Write($"{phrase}. Noticed at {site}; the caller says it started after the last update and affects daily work. Tried restarting, no change.", NpgsqlDbType.Varchar);
                writer.Write(caller, NpgsqlDbType.Varchar);
                writer.Write(category, NpgsqlDbType.Varchar);
                writer.Write(subcategory, NpgsqlDbType.Varchar);
                writer.Write(service, NpgsqlDbType.Varchar);
                Text(writer, configurationItem);
                writer.Write(impact, NpgsqlDbType.Integer);
                writer.Write(urgency, NpgsqlDbType.Integer);
                writer.Write((int)priority, NpgsqlDbType.Integer);
                writer.Write(Groups[group], NpgsqlDbType.Varchar);
                Text(writer, assignee);
                writer.Write(state.ToString(), NpgsqlDbType.Varchar);
                Text(writer, plan.HoldReasons[index]?.ToString());
                Text(writer, resolutionCode);
                Text(writer, resolutionCode is null ? null : "Applied the usual fix; caller confirmed it works again.");
                writer.Write(isMajor, NpgsqlDbType.Boolean);
                Long(writer, parent);
                writer.Write(Guid.CreateVersion7(new DateTimeOffset(openedAt)).ToString("N"), NpgsqlDbType.Varchar);
                writer.Write(openedBy, NpgsqlDbType.Varchar);
                writer.Write(openedAt, NpgsqlDbType.TimestampTz);
                writer.Write(updatedAt, NpgsqlDbType.TimestampTz);
                Time(writer, resolvedAt);
                Time(writer, closedAt);
                writer.Write(3 + random.Next(8), NpgsqlDbType.Integer);

                if (HasHistory(id))
                {
                    AddHistory(random, id, openedAt, updatedAt, openedBy, assignee, caller, notes, audit,
                        [("ShortDescription", shortDescription), ("Caller", caller), ("Category", category), ("Subcategory", subcategory), ("Service", service),
                         ("ConfigurationItem", configurationItem), ("Impact", impact.ToString(CultureInfo.InvariantCulture)), ("Urgency", urgency.ToString(CultureInfo.InvariantCulture)),
                         ("Priority", priority.ToString(CultureInfo.InvariantCulture)), ("AssignmentGroup", Groups[group]), ("State", nameof(IncidentState.New))]);
                }

                if (plan.States[index] is IncidentState.New or IncidentState.InProgress or IncidentState.OnHold)
                {
                    AddClocks(random, id, priority, state, plan.HoldReasons[index], openedAt, updatedAt, now, priority == 1 ? aroundTheClock : businessHours, clocks, events);
                }
            }

            writer.Complete();
        }

        return
        [
            new("notes", """COPY "RecordNotes" ("RecordNumber", "Kind", "Text", "Author", "At") FROM STDIN (FORMAT BINARY)""", notes),
            new("audit rows", """COPY "RecordAudit" ("RecordNumber", "Field", "OldValue", "NewValue", "ChangedBy", "ChangedAt") FROM STDIN (FORMAT BINARY)""", audit),
            new("clocks", """
                COPY "SlaClocks" ("Id", "IncidentId", "DefinitionId", "Kind", "Name", "TargetSeconds", "CalendarKey", "State", "ElapsedSeconds", "RunningSince",
                  "StartedAt", "StoppedAt", "DueAt", "NextCheckAt", "BreachedAt", "WarningsSent", "Revision") FROM STDIN (FORMAT BINARY)
                """, clocks),
            new("clock events", """COPY "SlaClockEvents" ("ClockId", "Kind", "At", "ElapsedSeconds", "Detail") FROM STDIN (FORMAT BINARY)""", events),
        ];
    }

    /// <summary>The creation audit of every field, a few changes after it, and notes from the agent and the caller.</summary>
    private static void AddHistory(Random random, long id, DateTime openedAt, DateTime updatedAt, string openedBy, string? assignee, string caller,
        List<Action<NpgsqlBinaryImporter>> notes, List<Action<NpgsqlBinaryImporter>> audit, (string Field, string? Value)[] created)
    {
        foreach (var (field, value) in created.Where(f => f.Value is not null))
        {
            audit.Add(w => AuditRow(w, id, field, null, value, openedBy, openedAt));
        }

        var span = updatedAt - openedAt;
        var changes = 1 + random.Next(4);
        for (var change = 1; change <= changes; change++)
        {
            var at = openedAt + (span * change / (changes + 1));
            var (field, from, to) = random.Next(3) switch
            {
                0 => ("State", nameof(IncidentState.New), nameof(IncidentState.InProgress)),
                1 => ("AssignedTo", (string?)null, assignee ?? "service-desk.agent1"),
                _ => ("Urgency", "3", "2"),
            };
            audit.Add(w => AuditRow(w, id, field, from, to, assignee ?? openedBy, at));
        }

        var noteCount = 1 + random.Next(4);
        for (var note = 1; note <= noteCount; note++)
        {
            var at = openedAt + (span * note / (noteCount + 1));
            var workNote = random.Next(10) < 6;
            var (author, text) = workNote
                ? (assignee ?? "service-desk.agent1", "Checked the logs and the configuration; waiting for the next occurrence to capture details.")
                : (caller, "It happened again just now, same as before. Please call me back when you can.");
            notes.Add(w =>
            {
                w.StartRow();
                w.Write(Number(id), NpgsqlDbType.Varchar);
                w.Write(workNote ? nameof(RecordNoteKind.WorkNote) : nameof(RecordNoteKind.Comment), NpgsqlDbType.Varchar);
                w.Write(text, NpgsqlDbType.Varchar);
                w.Write(author, NpgsqlDbType.Varchar);
                w.Write(at, NpgsqlDbType.TimestampTz);
            });
        }
    }

    private static void AuditRow(NpgsqlBinaryImporter writer, long id, string field, string? from, string? to, string by, DateTime at)
    {
        writer.StartRow();
        writer.Write(Number(id), NpgsqlDbType.Varchar);
        writer.Write(field, NpgsqlDbType.Varchar);
        Text(writer, from);
        Text(writer, to);
        writer.Write(by, NpgsqlDbType.Varchar);
        writer.Write(at, NpgsqlDbType.TimestampTz);
    }

    /// <summary>
    /// The response and resolution clocks of an open incident as the seeded definitions and the check jobs would have
    /// left them: response running while New (stopped otherwise), resolution paused awaiting the caller, running
    /// otherwise; warnings passed are marked sent, the breach marked, and the next check planned.
    /// </summary>
    private static void AddClocks(Random random, long id, int priority, IncidentState state, OnHoldReason? reason, DateTime openedAt, DateTime updatedAt,
        DateTime now, BusinessCalendar calendar, List<Action<NpgsqlBinaryImporter>> clocks, List<Action<NpgsqlBinaryImporter>> events)
    {
        var definitions = SlaDefinitionsFor(priority);
        foreach (var definition in definitions)
        {
            var clockId = Guid.CreateVersion7(new DateTimeOffset(openedAt));
            var clock = new SlaClock
            {
                Id = clockId,
                IncidentId = id,
                DefinitionId = definition.Id,
                Kind = definition.Kind,
                Name = definition.Name,
                TargetSeconds = definition.TargetSeconds,
                CalendarKey = priority == 1 ? BusinessCalendars.AroundTheClock : BusinessCalendars.BusinessHours,
                StartedAt = openedAt,
                Revision = 1,
            };
            var timeline = new List<(string Kind, DateTime At, double Elapsed)> { (SlaClockEvents.Started, openedAt, 0) };
            if (definition.Kind == SlaKind.Response && state != IncidentState.New)
            {
                var respondedAt = openedAt + TimeSpan.FromMinutes(5 + (random.NextDouble() * 240));
                respondedAt = respondedAt < updatedAt ? respondedAt : updatedAt;
                clock.State = SlaClockState.Stopped;
                clock.StoppedAt = respondedAt;
                clock.ElapsedSeconds = calendar.BusinessTimeBetween(Utc(openedAt), Utc(respondedAt)).TotalSeconds;
                clock.BreachedAt = clock.ElapsedSeconds >= clock.TargetSeconds ? respondedAt : null;
                timeline.Add((SlaClockEvents.Stopped, respondedAt, clock.ElapsedSeconds));
            }
            else if (definition.Kind == SlaKind.Resolution && state == IncidentState.OnHold && reason == OnHoldReason.AwaitingCaller)
            {
                clock.State = SlaClockState.Paused;
                clock.ElapsedSeconds = calendar.BusinessTimeBetween(Utc(openedAt), Utc(updatedAt)).TotalSeconds;
                clock.BreachedAt = clock.ElapsedSeconds >= clock.TargetSeconds ? updatedAt : null;
                clock.WarningsSent = WarningsPassed(clock.ElapsedSeconds, clock.TargetSeconds);
                timeline.Add((SlaClockEvents.Paused, updatedAt, clock.ElapsedSeconds));
            }
            else
            {
                clock.State = SlaClockState.Running;
                clock.RunningSince = openedAt;
                if (definition.Kind == SlaKind.Resolution && random.Next(10) < 3)
                {
                    // Was on hold awaiting the caller for a while and resumed: the pause did not count.
                    var pausedAt = openedAt + ((updatedAt - openedAt) * 0.3);
                    clock.ElapsedSeconds = calendar.BusinessTimeBetween(Utc(openedAt), Utc(pausedAt)).TotalSeconds;
                    clock.RunningSince = updatedAt;
                    timeline.Add((SlaClockEvents.Paused, pausedAt, clock.ElapsedSeconds));
                    timeline.Add((SlaClockEvents.Resumed, updatedAt, clock.ElapsedSeconds));
                }

                Plan(clock, calendar, now);
            }

            clocks.Add(w =>
            {
                w.StartRow();
                w.Write(clock.Id, NpgsqlDbType.Uuid);
                w.Write(clock.IncidentId, NpgsqlDbType.Bigint);
                w.Write(clock.DefinitionId, NpgsqlDbType.Integer);
                w.Write(clock.Kind.ToString(), NpgsqlDbType.Varchar);
                w.Write(clock.Name, NpgsqlDbType.Varchar);
                w.Write(clock.TargetSeconds, NpgsqlDbType.Bigint);
                w.Write(clock.CalendarKey, NpgsqlDbType.Varchar);
                w.Write(clock.State.ToString(), NpgsqlDbType.Varchar);
                w.Write(clock.ElapsedSeconds, NpgsqlDbType.Double);
                Time(w, clock.RunningSince);
                w.Write(clock.StartedAt, NpgsqlDbType.TimestampTz);
                Time(w, clock.StoppedAt);
                Time(w, clock.DueAt);
                Time(w, clock.NextCheckAt);
                Time(w, clock.BreachedAt);
                Text(w, clock.WarningsSent);
                w.Write(clock.Revision, NpgsqlDbType.Integer);
            });
            foreach (var (kind, at, elapsed) in timeline)
            {
                events.Add(w =>
                {
                    w.StartRow();
                    w.Write(clockId, NpgsqlDbType.Uuid);
                    w.Write(kind, NpgsqlDbType.Varchar);
                    w.Write(at, NpgsqlDbType.TimestampTz);
                    w.Write(elapsed, NpgsqlDbType.Double);
                    w.WriteNull();
                });
            }
        }
    }

    /// <summary>Due moment, warnings already passed (sent), breach, and the next check, as the check jobs would have left a running clock.</summary>
    private static void Plan(SlaClock clock, BusinessCalendar calendar, DateTime now)
    {
        var since = Utc(clock.RunningSince!.Value);
        var remaining = clock.TargetSeconds - clock.ElapsedSeconds;
        clock.DueAt = remaining > 0 ? calendar.AddBusinessTime(since, TimeSpan.FromSeconds(remaining)).UtcDateTime : clock.RunningSince;
        var elapsedNow = clock.ElapsedSeconds + calendar.BusinessTimeBetween(since, Utc(now)).TotalSeconds;
        clock.WarningsSent = WarningsPassed(elapsedNow, clock.TargetSeconds);
        clock.BreachedAt = clock.DueAt <= now ? clock.DueAt : null;
        DateTime? next = clock.BreachedAt is null ? clock.DueAt : null;
        foreach (var percent in Warnings.Where(p => elapsedNow < clock.TargetSeconds * p / 100.0))
        {
            var at = calendar.AddBusinessTime(since, TimeSpan.FromSeconds(Math.Max(0, (clock.TargetSeconds * percent / 100.0) - clock.ElapsedSeconds))).UtcDateTime;
            next = next is null || at < next ? at : next;
        }

        clock.NextCheckAt = next;
    }

    private static readonly int[] Warnings = [50, 75];

    private static string? WarningsPassed(double elapsed, long target) =>
        Warnings.Where(p => elapsed >= target * p / 100.0).ToArray() is { Length: > 0 } passed
            ? string.Join(',', passed.Select(p => p.ToString(CultureInfo.InvariantCulture)))
            : null;

    /// <summary>The seeded definitions' ids, names and targets per priority (response, resolution), as SlaDefinitions seeds them.</summary>
    private static (int Id, SlaKind Kind, string Name, long TargetSeconds)[] SlaDefinitionsFor(int priority) => priority switch
    {
        1 => [(1, SlaKind.Response, "P1 response in 15 minutes", 15 * 60), (2, SlaKind.Resolution, "P1 resolution in 4 hours", 4 * 3600)],
        2 => [(3, SlaKind.Response, "P2 response in 1 business hour", 3600), (4, SlaKind.Resolution, "P2 resolution in 8 business hours", 8 * 3600)],
        _ => [(5, SlaKind.Response, "P3–P5 response in 4 business hours", 4 * 3600), (6, SlaKind.Resolution, "P3–P5 resolution in 3 business days", 30 * 3600)],
    };

    private static (int Impact, int Urgency) ImpactAndUrgency(Random random, int priority)
    {
        // The seeded matrix: impact + urgency − 1 = priority.
        (int, int)[] pairs = priority switch
        {
            1 => [(1, 1)],
            2 => [(1, 2), (2, 1)],
            3 => [(1, 3), (2, 2), (3, 1)],
            4 => [(2, 3), (3, 2)],
            _ => [(3, 3)],
        };
        return pairs[random.Next(pairs.Length)];
    }

    private static void CopyRows(NpgsqlConnection connection, string copy, List<Action<NpgsqlBinaryImporter>> rows)
    {
        using var writer = connection.BeginBinaryImport(copy);
        foreach (var row in rows)
        {
            row(writer);
        }

        writer.Complete();
    }

    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(NpgsqlConnection connection, string[] tables)
    {
        await using var command = new NpgsqlCommand("""
            SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname NOT LIKE 'PK\_%'
            """, connection) { Parameters = { new() { Value = tables } } };
        await using var reader = await command.ExecuteReaderAsync();
        var indexes = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static int Weighted(Random random, int[] weights, int first)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return first + i;
            }
        }

        return first + weights.Length - 1;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static void Text(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Varchar);
        }
    }

    private static void Long(NpgsqlBinaryImporter writer, long? value)
    {
        if (value is { } number)
        {
            writer.Write(number, NpgsqlDbType.Bigint);
        }
        else
        {
            writer.WriteNull();
        }
    }

    private static void Time(NpgsqlBinaryImporter writer, DateTime? value)
    {
        if (value is { } moment)
        {
            writer.Write(DateTime.SpecifyKind(moment, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
