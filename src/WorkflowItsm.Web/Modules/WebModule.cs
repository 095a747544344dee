using WorkflowItsm.Runtime.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WorkflowItsm.Web.Modules;

/// <summary>
/// What one folder of the host adds to it: its menu entries, its API endpoints, the links to its records, its
/// recurring jobs and the pages the page crawl opens besides the menu's. A practice registers one
/// (<see cref="WebModuleRegistration.AddWebModule"/>) in its <c>Add…Module</c> call; the menu, the API, the record
/// links and the start-up steps read them all, in the order of registration, so no central file lists the practices.
/// </summary>
public sealed record WebModule(string Name)
{
    public IReadOnlyList<MenuEntry> Menu { get; init; } = [];

    /// <summary>Maps the module's endpoints into the <c>/api</c> group (signed-in callers only).</summary>
    public Action<RouteGroupBuilder>? Api { get; init; }

    public IReadOnlyList<RecordPage> RecordPages { get; init; } = [];

    /// <summary>Declares the module's recurring jobs; every host does at start (Hangfire keeps one definition per id).</summary>
    public Action<IJobs>? RecurringJobs { get; init; }

    /// <summary>Pages no menu links and no menu page links directly: the page crawl (a CI test) opens them as it opens the menu's.</summary>
    public IReadOnlyList<CrawlEntry> CrawlEntries { get; init; } = [];

    /// <summary>
    /// What the module needs in the database at every start, demo or not (reference data its workflows name, such as
    /// the change approval rules): run after the directory is seeded; it adds only what is missing.
    /// </summary>
    public Func<IServiceProvider, CancellationToken, Task>? Startup { get; init; }

    /// <summary>
    /// The module's demo data (setting Seed:DemoData), seeded in a scope of its own after the directory and the demo
    /// desk. It runs at every start of a demo host, so it must do nothing when its data is already there.
    /// </summary>
    public Func<IServiceProvider, CancellationToken, Task>? DemoData { get; init; }
}

/// <summary>
/// One entry of the main menu. <see cref="Order"/> places it among every module's entries (steps of 100 leave room
/// between them). Shown to people signed in with one of <see cref="Roles"/> (comma-separated; null: anyone signed
/// in), or to everyone when <see cref="Public"/>. Entries of one <see cref="Section"/> fold into one group of the
/// menu, placed where its first entry is.
/// </summary>
public sealed record MenuEntry(int Order, string Label, string Icon, string Href)
{
    public string? Roles { get; init; }

    /// <summary>The group it folds into (<see cref="MenuSections"/>); null: a top-level entry.</summary>
    public string? Section { get; init; }

    public bool Public { get; init; }

    /// <summary>A page outside the Blazor app (Hangfire's dashboard, the API reference): the browser loads it.</summary>
    public bool ForceLoad { get; init; }
}

/// <summary>A page for the page crawl, opened by people signed in with one of <see cref="Roles"/> (comma-separated; null: anyone signed in).</summary>
public sealed record CrawlEntry(string Path, string? Roles = null);

/// <summary>Records numbered <see cref="Prefix"/>… (INC0001001) have their page at <see cref="PagePath"/>/{number}.</summary>
public sealed record RecordPage(string Prefix, string PagePath);

public static class WebModuleRegistration
{
    public static IServiceCollection AddWebModule(this IServiceCollection services, WebModule module)
    {
        services.AddSingleton(module);
        services.TryAddSingleton<MainMenu>();
        services.TryAddSingleton<RecordPages>();
        return services;
    }
}
