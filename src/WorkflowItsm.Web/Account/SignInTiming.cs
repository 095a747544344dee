using Microsoft.AspNetCore.Identity;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Account;

/// <summary>Makes a refused sign-in cost what a wrong password costs, whatever the reason it was refused.</summary>
internal static class SignInTiming
{
    private static readonly DirectoryUser Nobody = new() { UserName = "nobody" };
    private static string? dummyHash;

    /// <summary>Runs the password hasher against a hash of a random password (made once, with the same hasher).</summary>
    public static void VerifyAgainstDummy(IPasswordHasher<DirectoryUser> hasher, string password)
    {
        var hash = dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
        _ = hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
