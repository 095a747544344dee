using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Components.Account;

public sealed partial class Profile
{
    private DirectoryUser? user;
    private IReadOnlyList<string> roles = [];
    private bool hasPassword;
    private string? message;
    private string? profileError;
    private IReadOnlyList<string> passwordErrors = [];

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "profile")]
    private ProfileForm ProfileInput { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "password")]
    private PasswordForm PasswordInput { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        user = await UserManager.GetUserAsync(HttpContext.User);
        if (user is null)
        {
            return;
        }

        roles = [.. await UserManager.GetRolesAsync(user)];
        hasPassword = await UserManager.HasPasswordAsync(user);
        // Bound from the posted form; filled from the account on the first GET.
        ProfileInput ??= new ProfileForm { DisplayName = user.DisplayName, Email = user.Email };
        PasswordInput ??= new();
    }

    private async Task SaveProfileAsync()
    {
        user!.DisplayName = string.IsNullOrWhiteSpace(ProfileInput.DisplayName) ? null : ProfileInput.DisplayName.Trim();
        var email = string.IsNullOrWhiteSpace(ProfileInput.Email) ? null : ProfileInput.Email.Trim();
        if (!string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            var changed = await UserManager.SetEmailAsync(user, email);
            if (!changed.Succeeded)
            {
                profileError = string.Join(" ", changed.Errors.Select(e => e.Description));
                return;
            }
        }

        var saved = await UserManager.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            profileError = string.Join(" ", saved.Errors.Select(e => e.Description));
            return;
        }

        message = "Your name and email are saved.";
    }

    private async Task ChangePasswordAsync()
    {
        var result = await UserManager.ChangePasswordAsync(user!, PasswordInput.CurrentPassword, PasswordInput.NewPassword);
        if (!result.Succeeded)
        {
            passwordErrors = [.. result.Errors.Select(e => e.Code == "PasswordMismatch" ? "The current password is not right." : e.Description)];
            return;
        }

        // The new security stamp ends other sessions; this one goes on with a renewed cookie.
        await SignInManager.RefreshSignInAsync(user!);
        PasswordInput = new();
        message = "Your password is changed.";
    }

    private static string RoleLabel(string role) => role switch
    {
        Roles.ProcessOwner => "process owner",
        Roles.ChangeManager => "change manager",
        Roles.CabMember => "CAB member",
        Roles.Pipeline => "pipeline service account",
        _ => role,
    };

    private sealed class ProfileForm
    {
        [StringLength(256, ErrorMessage = "The name can be at most 256 characters.")]
        public string? DisplayName { get; set; }

        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        public string? Email { get; set; }
    }

    private sealed class PasswordForm
    {
        [Required(ErrorMessage = "Enter your current password.")]
        public string CurrentPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "Enter a new password.")]
        public string NewPassword { get; set; } = string.Empty;

        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords are not the same.")]
        public string ConfirmPassword { get; set; } = string.Empty;
    }
}
