namespace WorkflowItsm.Web.Modules;

/// <summary>Every module's menu entries, in menu order (the menu shows each to whom it names).</summary>
public sealed class MainMenu(IEnumerable<WebModule> modules)
{
    public IReadOnlyList<MenuEntry> Entries { get; } = [.. modules.SelectMany(module => module.Menu).OrderBy(entry => entry.Order)];
}
