using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.Faults;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Integrations;

/// <summary>
/// Hears what webhooks are told of where every module's changes meet, the unit of work: a record added or moved to
/// another state, a task made or completed, a fault recorded. Each becomes a <see cref="WebhookEvent"/> row in the
/// same save (so it exists only if that commits), and the dispatcher job is planned through the jobs port, which
/// hands it over on commit. Nothing is captured while no active subscription wants that kind of event.
/// </summary>
public sealed class WebhookCapture : SaveChangesInterceptor
{
    public static readonly WebhookCapture Instance = new();

    /// <summary>How long the set of wanted event types is kept before it is read again (every save asks).</summary>
    private static readonly TimeSpan WantedLifetime = TimeSpan.FromSeconds(30);

    private static readonly ConditionalWeakTable<DbContext, object> Dispatch = new();
    // Per database (by connection string): test processes run several hosts, each on a database of its own.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Wanted> WantedByDatabase = new(StringComparer.Ordinal);

    private sealed record Wanted(HashSet<string> Types, DateTime ReadAt);

    /// <summary>Subscriptions changed on this host: read them again at the next save.</summary>
    public static void Forget() => WantedByDatabase.Clear();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is ItsmDbContext db)
        {
            Capture(db, Current(db) ?? Load(db));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ItsmDbContext db)
        {
            Capture(db, Current(db) ?? await LoadAsync(db, cancellationToken));
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        PlanDispatch(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        PlanDispatch(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Adds an event to the unit of work (for hooks that are told of something rather than seeing it saved).</summary>
    /// <param name="recipient">The person it is addressed to: her own hook hears it, other people's do not.</param>
    public static void Add(ItsmDbContext db, string type, string subject, object data, string? recipient = null)
    {
        if (Current(db) is { } types && !types.Contains(type))
        {
            return;
        }

        var added = NewEvent(db, type, subject, data);
        added.Recipient = recipient;
        db.Add(added);
    }

    private static HashSet<string>? Current(ItsmDbContext db) =>
        WantedByDatabase.TryGetValue(db.Database.GetConnectionString() ?? string.Empty, out var current) && DateTime.UtcNow - current.ReadAt < WantedLifetime ? current.Types : null;

    private static HashSet<string> Load(ItsmDbContext db) =>
        Remember(db, db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.IsActive).Select(s => s.Events).ToList());

    private static async Task<HashSet<string>> LoadAsync(ItsmDbContext db, CancellationToken cancellationToken) =>
        Remember(db, await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.IsActive).Select(s => s.Events).ToListAsync(cancellationToken));

    private static HashSet<string> Remember(ItsmDbContext db, List<string> events)
    {
        var types = events.SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        WantedByDatabase[db.Database.GetConnectionString() ?? string.Empty] = new Wanted(types, DateTime.UtcNow);
        return types;
    }

    private static void Capture(ItsmDbContext db, HashSet<string> types)
    {
        if (types.Count > 0)
        {
            if (db.ChangeTracker.AutoDetectChangesEnabled)
            {
                db.ChangeTracker.DetectChanges();
            }

            var events = new List<WebhookEvent>();
            foreach (var entry in db.ChangeTracker.Entries().ToList())
            {
                if (Describe(entry) is { } found && types.Contains(found.Type))
                {
                    events.Add(NewEvent(db, found.Type, found.Subject, found.Data));
                }
            }

            db.AddRange(events);
        }

        if (AddedEntries.Of<WebhookEvent>(db.ChangeTracker).Count > 0)
        {
            Dispatch.AddOrUpdate(db, true);
        }
    }

    private static (string Type, string Subject, object Data)? Describe(EntityEntry entry) => entry.Entity switch
    {
        Record record when entry.State == EntityState.Added =>
            (WebhookEventTypes.RecordCreated, record.Number, new { number = record.Number, kind = record.GetType().Name, state = record.StateName, record.ShortDescription, record.OpenedBy }),
        Record record when entry.State == EntityState.Modified && entry.Metadata.FindProperty("State") is { } state && entry.Property(state.Name) is { IsModified: true } changed
            && !Equals(changed.OriginalValue, changed.CurrentValue) =>
            (WebhookEventTypes.RecordStateChanged, record.Number, new { number = record.Number, kind = record.GetType().Name, from = changed.OriginalValue?.ToString(), to = record.StateName }),
        HumanTaskRecord task when entry.State == EntityState.Added =>
            (WebhookEventTypes.TaskCreated, task.DefinitionKey, new { taskId = task.Id, task.Name, task.InstanceId, process = task.DefinitionKey, task.BusinessKey, task.Assignee, task.CandidateGroups }),
        HumanTaskRecord task when entry.State == EntityState.Modified && task.Status == HumanTaskStatus.Completed
            && entry.Property(nameof(HumanTaskRecord.Status)) is { IsModified: true } status && !Equals(status.OriginalValue, HumanTaskStatus.Completed) =>
            (WebhookEventTypes.TaskCompleted, task.DefinitionKey, new { taskId = task.Id, task.Name, task.InstanceId, process = task.DefinitionKey, task.BusinessKey, task.CompletedBy }),
        FaultRecord fault when entry.State == EntityState.Added =>
            (WebhookEventTypes.InstanceFaulted, fault.InstanceId, new { faultId = fault.Id, fault.InstanceId, fault.ElementId, fault.Message }),
        _ => null,
    };

    private static WebhookEvent NewEvent(ItsmDbContext db, string type, string subject, object data)
    {
        var at = (ApplicationServices(db)?.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var id = Guid.NewGuid();
        return new WebhookEvent
        {
            EventId = id,
            Type = type,
            Subject = subject.Length > Record.CodeLength ? subject[..Record.CodeLength] : subject,
            At = at,
            Payload = JsonSerializer.Serialize(new { id, type, at, subject, data }, JsonSerializerOptions.Web),
        };
    }

    // After the save, not the commit: the jobs port keeps the job until the open transaction (if any) commits.
    private static void PlanDispatch(DbContext? context)
    {
        if (context is null || !Dispatch.TryGetValue(context, out _))
        {
            return;
        }

        Dispatch.Remove(context);
        // Contexts made outside a scope (design time, some tests) have no jobs port: the minute's sweep sends theirs.
        ApplicationServices(context)?.GetService<IJobs>()?.Enqueue<WebhookDispatcher>(d => d.DispatchAsync(CancellationToken.None));
    }

    private static IServiceProvider? ApplicationServices(DbContext context) => (context as ItsmDbContext)?.ApplicationServices;
}

/// <summary>SLA warnings and breaches for webhooks: told inside the check's transaction, saved with it.</summary>
internal sealed class WebhookSlaObserver(ItsmDbContext db) : ISlaEventObserver
{
    public Task WarnedAsync(Incident incident, SlaClock clock, CancellationToken cancellationToken)
    {
        WebhookCapture.Add(db, WebhookEventTypes.SlaWarning, incident.Number, new { number = incident.Number, sla = clock.Name, dueAt = clock.DueAt });
        return Task.CompletedTask;
    }

    public Task BreachedAsync(Incident incident, SlaClock clock, CancellationToken cancellationToken)
    {
        WebhookCapture.Add(db, WebhookEventTypes.SlaBreached, incident.Number, new { number = incident.Number, sla = clock.Name, dueAt = clock.DueAt, breachedAt = clock.BreachedAt });
        return Task.CompletedTask;
    }
}
