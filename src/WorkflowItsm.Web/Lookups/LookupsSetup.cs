using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Lookups;

internal static class LookupsSetup
{
    /// <summary>The people and group lookups of the agents' forms, and their API (staff only).</summary>
    public static IServiceCollection AddLookups(this IServiceCollection services)
    {
        services.AddScoped<DirectoryLookup>();
        services.AddWebModule(new WebModule("Lookups") { Api = api => api.MapLookupsApi() });
        return services;
    }
}
