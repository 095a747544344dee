using MudBlazor;
using WorkflowItsm.Itsm.Email;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Integrations;

internal static class EmailChannelSetup
{
    /// <summary>
    /// Email in and out (settings <c>EmailChannel</c>): the SMTP listener, the jobs that make records of mail and
    /// mail public comments, the admins' list of received mail.
    /// </summary>
    public static WebApplicationBuilder AddEmailChannelModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddEmailChannel();
        builder.Services.AddHostedService<InboundMailListener>();
        builder.Services.AddWebModule(new WebModule("Email channel")
        {
            Menu =
            [
                new MenuEntry(1170, "Inbound mail", Icons.Material.Filled.MarkEmailRead, "admin/inbound-mail") { Roles = MenuRoles.Admins, Section = MenuSections.Administration },
            ],
            Api = api => api.MapInboundMailApi(),
            // Mails whose processing job was lost (a host stopped between the 250 and the job).
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<InboundMailProcessor>(InboundMailProcessor.SweepJobId, p => p.SweepAsync(CancellationToken.None), "*/5 * * * *"),
        });
        return builder;
    }
}
