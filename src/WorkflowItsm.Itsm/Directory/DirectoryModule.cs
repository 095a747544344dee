using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Itsm.Directory;

public static class DirectoryModule
{
    /// <summary>People, groups (the workflows' candidate groups) and the accounts of external sign-in.</summary>
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddScoped<DirectoryGroups>();
        services.AddScoped<DirectoryPeople>();
        services.AddScoped<ExternalAccounts>();
        return services;
    }
}
