using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Itsm.Calendars;

public static class CalendarsModule
{
    /// <summary>Maintenance and blackout windows, shared by the practices that plan work (changes now, releases later).</summary>
    public static IServiceCollection AddCalendars(this IServiceCollection services)
    {
        services.AddScoped<ChangeWindows>();
        return services;
    }
}
