using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Tests.Problems;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Persistence;

/// <summary>
/// The save interceptors every save passes (webhooks, comment mail) add no work of their own when nothing wants it:
/// the save scans its unit of work for changes once, as a save without them does. A context whose options carry them
/// already (a host's, built once) is used with those options as they are; one made with other options adds them.
/// </summary>
public sealed class SaveInterceptorTests : IAsyncLifetime
{
    private ProblemTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ProblemTestHost.StartAsync(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_save_without_webhook_subscriptions_scans_for_changes_once()
    {
        var incident = await host.IncidentAsync("Printer jams on floor 2");
        using var log = new EfCommandLog();

        var (scansOfThisSave, saved) = await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            var tracked = await db.Set<Incident>().SingleAsync(i => i.Number == incident.Number);
            tracked.Description = "Every third page";
            var written = await db.SaveChangesAsync();
            return (log.By(db).Count(entry => entry.IsChangeScan), written);
        });

        saved.Should().Be(1, "the change was found and saved");
        scansOfThisSave.Should().Be(1, "only the save itself scans the tracked entities");
    }

    [Fact]
    public void A_context_on_options_that_carry_its_interceptors_uses_those_options_unchanged()
    {
        var hostOptions = ItsmDbContext.WithOwnInterceptors(new DbContextOptionsBuilder<ItsmDbContext>().UseSqlite("Data Source=:memory:"));
        using var db = new ItsmDbContext((DbContextOptions<ItsmDbContext>)hostOptions.Options);

        var used = db.GetService<IDbContextOptions>();

        used.Should().BeSameAs(hostOptions.Options, "copying the options for every context is what a request would pay on each scope");
        Interceptors(used).Should().Equal(ItsmDbContext.Interceptors, "each of them once, in the order they were given");
    }

    [Fact]
    public void A_context_on_options_without_its_interceptors_adds_each_of_them()
    {
        var bare = new DbContextOptionsBuilder<ItsmDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new ItsmDbContext(bare);

        Interceptors(db.GetService<IDbContextOptions>()).Should().Equal(ItsmDbContext.Interceptors,
            "the after-commit jobs, the write gate, webhooks and comment mail hold for a context made by hand too");
    }

    private static IEnumerable<IInterceptor> Interceptors(IDbContextOptions options) =>
        options.FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
}
