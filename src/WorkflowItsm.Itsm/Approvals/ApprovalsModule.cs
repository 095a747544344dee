using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Itsm.Approvals;

public static class ApprovalsModule
{
    /// <summary>The one approval engine (rules, approvals with votes, due actions, signed email links), shared by every practice that approves.</summary>
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddScoped<ApprovalRules>();
        services.AddScoped<ApprovalService>();
        services.AddScoped<ApprovalQueries>();
        services.AddScoped<ApprovalLinks>();
        services.AddScoped<ApprovalDueJob>();
        services.AddScoped<ApprovalNotificationJob>();
        return services;
    }
}
