using Microsoft.AspNetCore.Identity;

namespace WorkflowItsm.Itsm.Directory;

/// <summary>A person who signs in: requester, agent, process owner, manager or admin.</summary>
public sealed class DirectoryUser : IdentityUser
{
    public string? DisplayName { get; set; }
}

/// <summary>A role that grants permissions in the product (see <see cref="Roles"/>).</summary>
public sealed class DirectoryRole : IdentityRole
{
    public DirectoryRole() { }

    public DirectoryRole(string roleName) : base(roleName) { }
}
