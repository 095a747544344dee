using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Modules;

/// <summary>Who sees a menu entry, in the form <see cref="MenuEntry.Roles"/> takes.</summary>
public static class MenuRoles
{
    public const string ProcessOwners = Roles.ProcessOwner + "," + Roles.Admin;

    public const string Admins = Roles.Admin;

    /// <summary>Every staff role: everyone but requesters.</summary>
    public static string Staff { get; } = string.Join(',', Policies.StaffRoles);
}

/// <summary>The groups of the menu: related work folds into one, so the menu stays a screen long.</summary>
public static class MenuSections
{
    public const string ChangeAndRelease = "Change and release";

    public const string Administration = "Administration";

    public const string OnCall = "On call and escalation";

    /// <summary>A section's icon in the menu.</summary>
    public static string IconOf(string section) => section switch
    {
        ChangeAndRelease => MudBlazor.Icons.Material.Filled.PublishedWithChanges,
        OnCall => MudBlazor.Icons.Material.Filled.ContactPhone,
        _ => MudBlazor.Icons.Material.Filled.AdminPanelSettings,
    };
}
