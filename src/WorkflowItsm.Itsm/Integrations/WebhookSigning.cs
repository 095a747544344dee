using System.Security.Cryptography;
using System.Text;

namespace WorkflowItsm.Itsm.Integrations;

/// <summary>
/// The signature a receiver checks: HMAC-SHA256 with the subscription's secret over "{timestamp}.{body}", sent as
/// <c>X-WorkflowItsm-Signature: sha256=&lt;hex&gt;</c> beside <c>X-WorkflowItsm-Timestamp</c> (Unix seconds). Signing the
/// timestamp with the body lets the receiver refuse a replay: an old timestamp cannot be swapped for a new one.
/// </summary>
public static class WebhookSigning
{
    public const string SignatureHeader = "X-WorkflowItsm-Signature";
    public const string TimestampHeader = "X-WorkflowItsm-Timestamp";
    public const string EventHeader = "X-WorkflowItsm-Event";
    public const string DeliveryHeader = "X-WorkflowItsm-Delivery";

    public static string Sign(string secret, long timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>What a receiver does: the signature matches and the timestamp is within <paramref name="tolerance"/> of now.</summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, string body, DateTimeOffset now, TimeSpan tolerance) =>
        long.TryParse(timestampHeader, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var timestamp)
        && Math.Abs(now.ToUnixTimeSeconds() - timestamp) <= tolerance.TotalSeconds
        && signatureHeader is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signatureHeader));

    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
