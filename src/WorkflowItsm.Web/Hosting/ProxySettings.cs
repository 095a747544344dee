using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace WorkflowItsm.Web.Hosting;

/// <summary>
/// Behind a reverse proxy that ends TLS: X-Forwarded-For and X-Forwarded-Proto are believed from the proxies named in
/// ForwardedHeaders:KnownProxies (addresses) and ForwardedHeaders:KnownNetworks (CIDR, e.g. 10.0.0.0/8), and from this
/// machine, so that the host sees https (cookies get Secure, HSTS is sent) and the caller's address (sign-in limit).
/// </summary>
internal static class ProxySettings
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddProxySettings(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = (configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? []).Select(text =>
            IPAddress.TryParse(text.Trim(), out var address) ? address
                : throw new StartupConfigurationException($"{Section}:KnownProxies has '{text}', which is not an IP address.")).ToList();
        var networks = (configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? []).Select(text =>
            System.Net.IPNetwork.TryParse(text.Trim(), out var network) ? network
                : throw new StartupConfigurationException($"{Section}:KnownNetworks has '{text}', which is not a network in CIDR notation (10.0.0.0/8).")).ToList();
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }
}
