using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Search;

internal static class SearchSetup
{
    /// <summary>The global search: the app bar's typeahead and its page of all results (staff only; the crawl opens it with a query).</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddScoped<GlobalSearch>();
        services.AddWebModule(new WebModule("Search") { CrawlEntries = [new CrawlEntry("search?q=in", MenuRoles.Staff)] });
        return services;
    }
}
