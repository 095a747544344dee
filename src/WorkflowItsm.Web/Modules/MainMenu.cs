using System.Security.Claims;

namespace WorkflowItsm.Web.Modules;

/// <summary>Every module's menu entries, in menu order (the menu shows each to whom it names).</summary>
public sealed class MainMenu(IEnumerable<WebModule> modules)
{
    public IReadOnlyList<MenuEntry> Entries { get; } = [.. modules.SelectMany(module => module.Menu).OrderBy(entry => entry.Order)];

    /// <summary>Whether <paramref name="user"/> sees the entry.</summary>
    public static bool Shows(MenuEntry entry, ClaimsPrincipal user) =>
        entry.Public || (user.Identity?.IsAuthenticated == true && (entry.Roles is null || entry.Roles.Split(',').Any(user.IsInRole)));

    /// <summary>
    /// The menu as <paramref name="user"/> sees it: top-level entries and sections (each with its visible entries),
    /// in order, a section where its first visible entry is; a section with nothing visible is left out.
    /// </summary>
    public IReadOnlyList<MenuItem> For(ClaimsPrincipal user)
    {
        var items = new List<MenuItem>();
        foreach (var entry in Entries.Where(e => Shows(e, user)))
        {
            if (entry.Section is null)
            {
                items.Add(new MenuItem(null, [entry]));
            }
            else if (items.FirstOrDefault(i => i.Section == entry.Section) is { } section)
            {
                section.Entries.Add(entry);
            }
            else
            {
                items.Add(new MenuItem(entry.Section, [entry]));
            }
        }

        return items;
    }
}

/// <summary>A top-level entry (no section, one entry) or a section with its entries.</summary>
public sealed record MenuItem(string? Section, List<MenuEntry> Entries);
