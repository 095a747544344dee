using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Notifications;

public static class NotificationsModule
{
    /// <summary>Notifications in the product and by email (<c>Smtp</c> settings), and the runtime's events that cause them.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration("Smtp");
        services.AddScoped<IWorkflowEventSink, NotificationEventSink>();
        services.AddScoped<NotificationTemplates>();
        services.AddScoped<Notifier>();
        services.AddScoped<NotificationPreferences>();
        services.AddScoped<NotificationEmailJob>();
        services.AddScoped<TaskDueJob>();
        services.AddScoped<PeopleNotificationJob>();
        services.AddScoped<MailTaskJob>();
        return services;
    }
}
