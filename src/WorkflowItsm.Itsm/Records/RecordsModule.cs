using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Itsm.Records;

public static class RecordsModule
{
    /// <summary>The record kernel every practice's records stand on: numbers, saved views.</summary>
    public static IServiceCollection AddRecords(this IServiceCollection services)
    {
        services.AddScoped<RecordNumbers>();
        services.AddScoped<SavedViews>();
        return services;
    }
}
