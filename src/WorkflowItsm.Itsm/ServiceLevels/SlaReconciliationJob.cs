using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>Checks running clocks whose warning or breach moment passed without their job running (a host died). Recurring, minutely.</summary>
public sealed class SlaReconciliationJob(ItsmDbContext db, IServiceProvider services, TimeProvider time, RuntimeOptions options)
{
    public const string RecurringJobId = "sla-clock-reconciliation";
    private const int BatchSize = 500;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var overdue = time.GetUtcNow().UtcDateTime - options.LostJobGrace;
        var late = await db.SlaClocks.AsNoTracking().Where(c => c.State == SlaClockState.Running && c.NextCheckAt != null && c.NextCheckAt < overdue)
            .OrderBy(c => c.NextCheckAt).Select(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var clockId in late)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SlaCheckJob>().RunAsync(clockId, cancellationToken);
        }
    }
}
