using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Tests.Configuration;

namespace WorkflowItsm.Itsm.Tests.Changes;

/// <summary>Changes written straight into the database (the change service is another part's), on the CMDB test host.</summary>
internal static class ChangePlanningTestHost
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<Change> AddChangeAsync(this CmdbTestHost host, string title, ChangeState state, DateTime? start, DateTime? end,
        string? assignee, params string[] cis) =>
        host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            var change = new Change
            {
                Number = await s.GetRequiredService<RecordNumbers>().NextAsync(RecordNumbers.Change, Ct),
                ShortDescription = title,
                OpenedBy = CmdbTestHost.By,
                State = state,
                PlannedStart = start,
                PlannedEnd = end,
                AssignedTo = assignee,
                ConfigurationItem = cis.FirstOrDefault(),
                AffectedCis = [.. cis.Skip(1).Select(c => new ChangeAffectedCi { CiNumber = c })],
            };
            db.Changes.Add(change);
            await db.SaveChangesAsync(Ct);
            return change;
        });

    /// <summary>What the change service does when a plan moves: changes the change, tells the observers, saves.</summary>
    public static Task<Change> ReplanAsync(this CmdbTestHost host, string number, Action<Change> edit) =>
        host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            var change = await db.Changes.Include(c => c.AffectedCis).SingleAsync(c => c.Number == number, Ct);
            edit(change);
            foreach (var observer in s.GetServices<IChangePlanObserver>())
            {
                await observer.PlanChangedAsync(change, Ct);
            }

            await db.SaveChangesAsync(Ct);
            return change;
        });

    public static Task<Change> ChangeAsync(this CmdbTestHost host, string number) =>
        host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Changes.AsNoTracking().SingleAsync(c => c.Number == number, Ct));
}
