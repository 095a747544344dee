using System.Security.Cryptography;
using System.Text;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// The tokens of one-time links sent by email (approval votes, escalation acknowledgements): 32 random bytes, URL-safe;
/// only their SHA-256 is stored, so a leaked table opens nothing.
/// </summary>
public static class LinkTokens
{
    /// <summary>A new token, to put in the link; store <see cref="Hash"/> of it, never the token.</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What is stored of a token, and looked up when a link comes back.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
