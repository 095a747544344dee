using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using static WorkflowItsm.Itsm.Tests.Assets.Software.SoftwareTestHost;

namespace WorkflowItsm.Itsm.Tests.Assets.Software;

public sealed class LicenceRenewalReminderTests
{
    [Fact]
    public async Task A_renewal_reminder_is_sent_once_per_threshold_even_when_the_job_runs_twice()
    {
        await using var host = await StartAsync();
        await host.ImportAsync([Installation("LT-1", "PDF Editor", "11")]);
        var (product, _) = await host.ProductAsync("PDF Editor", "11");
        var today = DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime);
        await host.EntitleAsync(new EntitlementInput { ProductId = product, Metric = LicenceMetric.PerDevice, Count = 5, EndsOn = today.AddDays(20), Owner = "lena", PurchaseReference = "PO-2291" });
        Task<int> RunAsync() => host.InScopeAsync(s => s.GetRequiredService<LicenceRenewalReminderJob>().RunAsync(CancellationToken.None));
        Task<List<NotificationRecord>> SentAsync() => host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync());

        var first = await RunAsync();
        var second = await RunAsync();
        var afterTwoRuns = await SentAsync();
        host.Time.Advance(TimeSpan.FromDays(14)); // 6 days left: the 7-day threshold
        await RunAsync();
        await RunAsync();
        var all = await SentAsync();

        (first, second).Should().Be((1, 0));
        afterTwoRuns.Should().ContainSingle().Which.Should().Match<NotificationRecord>(n =>
            n.Recipient == "lena" && n.Kind == NotificationKinds.LicenceRenewal && n.Title.Contains("Contoso PDF Editor") && n.Link == $"/software/products/{product}");
        all.Should().HaveCount(2);
        all[1].Body.Should().Contain("in 6 days");
    }
}
