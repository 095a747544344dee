using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Hosting;

/// <summary>Settings for the first start (section <c>Seed</c>).</summary>
public sealed class SeedOptions
{
    public string AdminUserName { get; set; } = "admin";
    public string AdminEmail { get; set; } = "admin@workflowitsm.local";

    /// <summary>When empty, a password is generated and printed once to the console.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary>
/// Creates the roles, and on a database with no users, the first admin. The admin's password comes from
/// configuration or is generated and printed once: there is never a fixed default password.
/// </summary>
internal sealed partial class DirectorySeeder(
    UserManager<DirectoryUser> users,
    RoleManager<DirectoryRole> roles,
    DirectoryGroups groups,
    Microsoft.Extensions.Options.IOptions<SeedOptions> options,
    ILogger<DirectorySeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Ensure(await roles.CreateAsync(new DirectoryRole(role)), $"create role {role}");
            }
        }

        // The groups the reference workflows offer their tasks to; admins add people to them.
        await groups.EnsureAsync("service-desk", "Service desk", "First line: takes every new incident and request.", cancellationToken);
        await groups.EnsureAsync("service-desk-l2", "Service desk, second line", "Works high-priority incidents.", cancellationToken);
        await groups.EnsureAsync(WorkflowItsm.Itsm.Changes.ChangeService.DefaultGroup, "Change managers",
            "Authorize changes and take those no group is named for (workflows/change-*.bpmn).", cancellationToken);
        await groups.EnsureAsync("service-desk-managers", "Service desk managers", "Told when an SLA breach is escalated (workflows/sla-escalation.bpmn).", cancellationToken);

        if (await users.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var seed = options.Value;
        var generated = string.IsNullOrWhiteSpace(seed.AdminPassword);
        var password = generated ? GeneratePassword() : seed.AdminPassword!;
        var admin = new DirectoryUser
        {
            UserName = seed.AdminUserName,
            Email = seed.AdminEmail,
            EmailConfirmed = true,
            DisplayName = "Administrator",
        };
        Ensure(await users.CreateAsync(admin, password), "create the first admin (check Seed:AdminPassword against the password rules)");
        Ensure(await users.AddToRolesAsync(admin, [Roles.Admin, Roles.ProcessOwner, Roles.Agent]), "give the first admin its roles");

        LogAdminCreated(logger, admin.UserName!);
        if (generated)
        {
            // Printed once, to the console only (not the log sink), and never stored in clear.
            Console.WriteLine();
            Console.WriteLine("================================================================");
            Console.WriteLine($"  First admin created. User: {admin.UserName}  Password: {password}");
            Console.WriteLine("  This password is shown only once. Sign in and change it.");
            Console.WriteLine("================================================================");
            Console.WriteLine();
        }
    }

    private static string GeneratePassword()
    {
        // 18 random characters from each class Identity's default rules ask for, shuffled.
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!@#$%*-_+=";
        var all = lower + upper + digits + symbols;
        var chars = new List<char>
        {
            lower[RandomNumberGenerator.GetInt32(lower.Length)],
            upper[RandomNumberGenerator.GetInt32(upper.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 18)
        {
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        }

        var shuffled = chars.ToArray();
        RandomNumberGenerator.Shuffle(shuffled.AsSpan());
        return new string(shuffled);
    }

    private static void Ensure(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new StartupConfigurationException(
                $"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "First admin account {UserName} created")]
    private static partial void LogAdminCreated(ILogger logger, string userName);
}
