using System.Net;
using System.Net.Sockets;

namespace WorkflowItsm.Itsm.Integrations;

/// <summary>
/// Where a webhook may connect (SSRF): public addresses only, unless its subscription allows private ones. Checked on
/// the address the name resolves to, at connect time, so a name that points inside (or is re-pointed there after the
/// subscription was saved) is refused as well.
/// </summary>
public static class WebhookAddresses
{
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || b[0] == 0 || b[0] == 127
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata services
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
                || b[0] >= 224; // multicast and reserved
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
    }

    /// <summary>A URL a subscription may have: absolute http or https with a host; null when it is, else why not.</summary>
    public static string? RefuseUrl(string? url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) ? "Give an absolute URL (https://…)."
        : uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps ? $"Only http and https URLs can be called (not {uri.Scheme})."
        : !string.IsNullOrEmpty(uri.UserInfo) ? "Put no user name or password in the URL: the signature authenticates the call."
        : null;

    /// <summary>Resolves the host and connects to its first allowed address; refuses when every one is private and they are not allowed.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivate || !IsPrivate(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new WebhookAddressRefusedException(
                $"{endPoint.Host} resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}: a loopback or private address, which this subscription does not allow.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

public sealed class WebhookAddressRefusedException(string message) : Exception(message);
