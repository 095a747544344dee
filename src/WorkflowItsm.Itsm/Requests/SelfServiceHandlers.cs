using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>
/// The password reset item's automation (workflows/password-reset.bpmn): emails the person the item is for a signed,
/// single-use link to choose a new password (<see cref="LinkPath"/>), to the address the directory has for her (never
/// to an address typed in the form: that would hand the account to whoever typed it). No password is made or kept
/// anywhere; the link carries an Identity password-reset token, which dies when the password changes (the security
/// stamp renews) and after <see cref="LinkLifespan"/>. The item closes complete once the link is sent. Without a
/// local password (she signs in through her organisation) or without an address on file, nothing is sent and the
/// item closes incomplete saying why.
/// </summary>
[ServiceTask("account.reset-password", DisplayName = "Send a password reset link",
    Description = "Emails requestedFor a single-use link to choose a new password, to the address on file. Sets passwordReset (the link was sent) and closeReason (why not).")]
[ServiceTaskOutput("passwordReset", ServiceTaskPropertyType.Boolean, Description = "Whether the reset link was sent.")]
[ServiceTaskOutput("closeReason", ServiceTaskPropertyType.String, Description = "Why no link was sent (null when it was).")]
public sealed class ResetPasswordHandler(RequestedItems items, IServiceProvider services, RecordHistory history, IJobs jobs, ItsmDbContext db) : IServiceTaskHandler
{
    /// <summary>The anonymous page the link opens (WorkflowItsm.Web, Components/Account/ResetPassword.razor).</summary>
    public const string LinkPath = "/account/reset-password";

    /// <summary>How long a link works: the host sets Identity's DataProtectionTokenProviderOptions.TokenLifespan to this.</summary>
    public static readonly TimeSpan LinkLifespan = TimeSpan.FromHours(1);

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var item = await items.FindAsync(RequestHandlerInputs.Number(context), cancellationToken);
        // Resolved here, not injected: the account store lives in the host (Identity), which handler discovery need not build.
        var users = services.GetRequiredService<UserManager<DirectoryUser>>();
        var user = await users.FindByNameAsync(item.RequestedFor);
        var why = user switch
        {
            null => $"{item.RequestedFor} has no account in the directory.",
            { Email: null or "" } => $"{item.RequestedFor} has no email address on file to send a reset link to: the service desk resets the password in person.",
            _ when !await users.HasPasswordAsync(user) => $"{item.RequestedFor} signs in with the organisation's account, not a WorkflowItsm password: reset it there.",
            _ => null,
        };
        if (why is not null)
        {
            return ServiceTaskResult.With(("passwordReset", false), ("closeReason", why));
        }

        var token = await users.GeneratePasswordResetTokenAsync(user!);
        var hours = LinkLifespan.TotalHours.ToString("0.#", CultureInfo.InvariantCulture);
        var link = Link(user!.UserName!, token);
        // Email only, to the address on file: the link is never written under the bell or on the item, where others could read it.
        jobs.Enqueue<NotificationEmailJob>(job => job.SendOnlyByEmailAsync(user!.UserName!, NotificationKinds.RequestCompleted,
            $"{item.Number}: choose a new WorkflowItsm password",
            $"You asked to reset your WorkflowItsm password in {item.Number}, which is now complete. Open the link below within {hours} hour(s) and choose a new password; "
                + "the link works once. Your current password keeps working until you choose a new one.\n\nDid not ask for it? Do not open the link, and call the service desk.",
            link, CancellationToken.None));
        history.AddNote(item, RecordNoteKind.Comment,
            $"A link to choose a new password was emailed to the address on file of {item.RequestedFor}; it works once, within {hours} hour(s). The item is complete: the password changes when the link is used.",
            RequestHandlerInputs.By);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceTaskResult.With(("passwordReset", true), ("closeReason", (string?)null));
    }

    /// <summary>The reset page's address for a person and her token (site-relative: the email job puts the public base URL before it).</summary>
    public static string Link(string userName, string token) =>
        $"{LinkPath}?user={Uri.EscapeDataString(userName)}&token={Uri.EscapeDataString(token)}";

    /// <summary>
    /// Sets a new password with a reset link's token: refused alike for an unknown person and for a wrong, expired or
    /// used token (so the page never tells whether an account exists); a password the policy refuses leaves the token
    /// usable. A reset renews the security stamp — every other session ends and the token cannot serve twice — and
    /// unlocks the account: whoever holds the link has proved she reads the mail on file.
    /// </summary>
    public static async Task<IdentityResult> ResetWithTokenAsync(UserManager<DirectoryUser> users, string? userName, string? token, string newPassword)
    {
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName);
        if (user is null || string.IsNullOrWhiteSpace(token))
        {
            return IdentityResult.Failed(users.ErrorDescriber.InvalidToken());
        }

        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded)
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }

        return result;
    }

    /// <summary>Whether Identity refused the token (not the password): the page shows its one message for a link that does not work.</summary>
    public static bool IsInvalidLink(IdentityResult result) =>
        result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
}

/// <summary>
/// The software installation item's licence check (workflows/software-installation.bpmn): the product chosen
/// (variable product: a software product's id, or its name) is looked up in the asset module's licence compliance,
/// recomputed now. A right is free when the rights in force exceed what is used plus what other installation items
/// in fulfilment hold already; then the item holds one for the person it is for (a per-user licence she uses already,
/// or a site licence, needs none) and goes on to the installation task. With none free the item is backordered and
/// the software asset managers get a task to buy one — the requester still wants the software, so the item waits
/// rather than closing, and a purchase that cannot be made closes it incomplete with the buyer's reason.
/// </summary>
[ServiceTask("software.assign-licence", DisplayName = "Assign a licence",
    Description = "Checks the licence compliance of the product in the variable product and holds a free right for requestedFor. Sets licenceAssigned, productName and licenceNote.")]
[ServiceTaskOutput("licenceAssigned", ServiceTaskPropertyType.Boolean, Description = "Whether a licence right is held for the person.")]
[ServiceTaskOutput("productName", ServiceTaskPropertyType.String, Description = "The product as people read it.")]
[ServiceTaskOutput("licenceNote", ServiceTaskPropertyType.String, Description = "What the check found, in words.")]
public sealed class AssignLicenceHandler(RequestedItems items, LicenceComplianceCalculator compliance, RecordHistory history, ItsmDbContext db) : IServiceTaskHandler
{
    public const string ProcessKey = "software-installation";
    public const string ProductVariable = "product";

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var item = await items.FindAsync(RequestHandlerInputs.Number(context), cancellationToken);
        var chosen = RequestHandlerInputs.Text(context, ProductVariable) ?? item.Values.FirstOrDefault(v => v.Key == ProductVariable)?.Value
            ?? throw new InvalidOperationException($"{item.Number} names no software product (variable {ProductVariable}).");
        var product = await FindProductAsync(chosen, cancellationToken)
            ?? throw new InvalidOperationException($"{item.Number} names the software '{chosen}', which the software catalog does not know.");
        var name = $"{product.Publisher} {product.Name}";
        var snapshot = (await compliance.RecomputeAsync([product.Id], $"catalog {item.Number}", cancellationToken)).Single();
        var (assigned, note) = await CheckAsync(item, product.Id, name, snapshot, chosen, cancellationToken);
        if (assigned && item.State == RequestedItemState.Backordered)
        {
            await items.MoveAsync(item, RequestedItemState.Fulfilment, note, RequestHandlerInputs.By, cancellationToken);
        }
        else if (!assigned && item.State == RequestedItemState.Fulfilment)
        {
            await items.MoveAsync(item, RequestedItemState.Backordered, note, RequestHandlerInputs.By, cancellationToken);
        }
        else
        {
            history.AddNote(item, RecordNoteKind.WorkNote, note, RequestHandlerInputs.By);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ServiceTaskResult.With(("licenceAssigned", assigned), ("productName", name), ("licenceNote", note));
    }

    private async Task<(bool Assigned, string Note)> CheckAsync(RequestedItem item, long product, string name, LicenceComplianceSnapshot snapshot, string chosen, CancellationToken cancellationToken)
    {
        if (snapshot.Metric == LicenceMetric.Site && snapshot.Rights is null && await db.LicenceEntitlements.AnyAsync(e => e.ProductId == product, cancellationToken))
        {
            return (true, $"{name} is under a site licence: {item.RequestedFor} is covered.");
        }

        if (snapshot.Metric is LicenceMetric.PerUser or LicenceMetric.NamedUser
            && await db.SoftwareInstallations.AnyAsync(i => i.ProductId == product && i.UserName == item.RequestedFor, cancellationToken))
        {
            return (true, $"{item.RequestedFor} uses {name} already: the per-user licence she holds covers this installation.");
        }

        // Rights held by other installation items in fulfilment: their software is not installed (so not counted) yet.
        var held = await db.Set<RequestedItem>().CountAsync(r => r.Id != item.Id && r.ProcessKey == ProcessKey && r.State == RequestedItemState.Fulfilment
            && r.ProcessInstanceId != null && r.Values.Any(v => v.Key == ProductVariable && v.Value == chosen), cancellationToken);
        var rights = snapshot.Rights ?? 0;
        var free = rights - snapshot.Used - held;
        var counts = string.Create(CultureInfo.InvariantCulture, $"{rights} right(s), {snapshot.Used} in use, {held} held by other orders");
        return free > 0
            ? (true, $"A licence of {name} is assigned to {item.RequestedFor} ({counts}).")
            : (false, $"No free licence of {name} ({counts}): one is being bought.");
    }

    private async Task<SoftwareProduct?> FindProductAsync(string chosen, CancellationToken cancellationToken) =>
        long.TryParse(chosen, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await db.SoftwareProducts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            : await db.SoftwareProducts.AsNoTracking().OrderBy(p => p.Id).FirstOrDefaultAsync(p => p.Name == chosen || p.Publisher + " " + p.Name == chosen, cancellationToken);
}

/// <summary>
/// The access item's routing (workflows/system-access.bpmn): the system asked for (variable system, a CI number) is
/// looked up in the CMDB; its owner — the CI's serviceOwner (or owner) attribute, else the person it is assigned to —
/// approves under the rule catalog-system-owner, and the group that grants access — its supportGroup attribute, else
/// its assignment group, else the service desk — gets the catalog task. A system nobody owns closes the item
/// incomplete saying so: nobody else may grant access to someone's system.
/// </summary>
[ServiceTask("access.route", DisplayName = "Find the system's owner",
    Description = "Reads the CI in the variable system from the CMDB: sets systemOwner (also requesterManager, which the approval rule catalog-system-owner asks), fulfilmentGroup, systemName, hasOwner and closeReason.")]
[ServiceTaskOutput("hasOwner", ServiceTaskPropertyType.Boolean, Description = "Whether the system has an owner who can approve.")]
[ServiceTaskOutput("systemOwner", ServiceTaskPropertyType.String, Description = "The owner's user name.")]
[ServiceTaskOutput("fulfilmentGroup", ServiceTaskPropertyType.String, Description = "The group that grants access.")]
public sealed class RouteAccessHandler(RequestedItems items, ItsmDbContext db) : IServiceTaskHandler
{
    public const string ProcessKey = "system-access";
    public static readonly string[] OwnerAttributes = ["serviceOwner", "owner"];
    public const string GroupAttribute = "supportGroup";

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var item = await items.FindAsync(RequestHandlerInputs.Number(context), cancellationToken);
        var number = RequestHandlerInputs.Text(context, "system") ?? item.Values.FirstOrDefault(v => v.Key == "system")?.Value
            ?? throw new InvalidOperationException($"{item.Number} names no system (variable system).");
        var ci = await db.ConfigurationItems.AsNoTracking().FirstOrDefaultAsync(c => c.Number == number, cancellationToken)
            ?? throw new InvalidOperationException($"{item.Number} names the system {number}, which the CMDB does not hold.");
        var attributes = await db.CiAttributeValues.AsNoTracking().Where(v => v.CiId == ci.Id && v.Value != null)
            .Join(db.CiAttributes, v => v.AttributeId, a => a.Id, (v, a) => new { a.Key, v.Value }).ToListAsync(cancellationToken);
        string? Attribute(string key) => attributes.FirstOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value ? value.Trim() : null;

        var owner = OwnerAttributes.Select(Attribute).FirstOrDefault(o => o is not null) ?? RecordText.TrimmedOrNull(ci.AssignedTo);
        if (owner is not null && !await db.Users.AnyAsync(u => u.UserName == owner, cancellationToken))
        {
            owner = null;
        }

        var group = Attribute(GroupAttribute) ?? RecordText.TrimmedOrNull(ci.AssignmentGroup) ?? RegisterRequestedItemHandler.DefaultGroup;
        var system = $"{ci.ShortDescription} ({ci.Number})";
        return ServiceTaskResult.With(
            ("hasOwner", owner is not null),
            ("systemOwner", owner),
            (Approvals.ApprovalService.ManagerVariable, owner),
            ("fulfilmentGroup", group),
            ("systemName", system),
            ("closeReason", owner is null ? $"{system} has no owner in the CMDB to approve access: ask the CMDB's admins to name one, then order again." : null));
    }
}
