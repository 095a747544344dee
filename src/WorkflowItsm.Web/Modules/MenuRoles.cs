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
