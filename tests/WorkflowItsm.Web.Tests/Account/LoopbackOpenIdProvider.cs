using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Account;

/// <summary>Who signs in at the provider's authorize endpoint.</summary>
public sealed record ProviderUser(
    string Subject, string? Email, bool EmailVerified, string? PreferredUserName, string? Name,
    IReadOnlyList<string>? Groups = null, IReadOnlyList<string>? Roles = null);

/// <summary>
/// A small OpenID Connect provider on loopback for the sign-in tests: discovery, signing keys, the authorization
/// code flow with PKCE (S256) and form_post, a token endpoint checking the client secret, the code, the redirect
/// address and the verifier, and RS256-signed ID tokens. The person "signing in" is <see cref="SignedInUser"/>;
/// null means they cancel (access_denied). Everything it refuses is recorded in <see cref="Refusals"/>.
/// </summary>
public sealed class LoopbackOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "workflowitsm";
    public const string ClientSecret = "test-client-secret";

    private readonly WebApplication app;
    private readonly RSA rsa = RSA.Create(2048);
    private readonly RsaSecurityKey signingKey;
    private readonly ConcurrentDictionary<string, PendingCode> codes = new(StringComparer.Ordinal);

    private LoopbackOpenIdProvider(int port)
    {
        Issuer = $"http://127.0.0.1:{port}";
        signingKey = new RsaSecurityKey(rsa) { KeyId = "test-key-1" };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", Discovery);
        app.MapGet("/jwks", Keys);
        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", TokenAsync);
    }

    public string Issuer { get; }

    public ProviderUser? SignedInUser { get; set; }

    public ConcurrentQueue<string> Refusals { get; } = new();

    public static async Task<LoopbackOpenIdProvider> StartAsync()
    {
        var provider = new LoopbackOpenIdProvider(TestEnvironment.FreeLoopbackPort());
        await provider.app.StartAsync();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        rsa.Dispose();
    }

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/authorize",
        ["token_endpoint"] = $"{Issuer}/token",
        ["jwks_uri"] = $"{Issuer}/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query", "form_post" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
    });

    private IResult Keys()
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return Results.Json(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = signingKey.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        });
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        string redirectUri = query["redirect_uri"]!;
        if (query["client_id"] != ClientId || string.IsNullOrEmpty(redirectUri) || query["response_type"] != "code"
            || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
        {
            return Refuse("authorize request", $"client_id={query["client_id"]} response_type={query["response_type"]} pkce={query["code_challenge_method"]}");
        }

        var answer = new Dictionary<string, string> { ["state"] = query["state"]!, ["iss"] = Issuer };
        if (SignedInUser is { } user)
        {
            var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            codes[code] = new PendingCode(user, redirectUri, query["nonce"]!, query["code_challenge"]!);
            answer["code"] = code;
        }
        else
        {
            answer["error"] = "access_denied";
        }

        if (query["response_mode"] == "form_post")
        {
            var html = new StringBuilder($"<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{HtmlEncoder.Default.Encode(redirectUri)}\">");
            foreach (var (name, value) in answer)
            {
                html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{name}\" value=\"{HtmlEncoder.Default.Encode(value)}\"/>");
            }

            return Results.Content(html.Append("</form></body></html>").ToString(), "text/html");
        }

        return Results.Redirect($"{redirectUri}?{string.Join('&', answer.Select(a => $"{a.Key}={Uri.EscapeDataString(a.Value)}"))}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(request, form);
        if (clientId != ClientId || secret != ClientSecret)
        {
            return Refuse("token request", "client authentication failed");
        }

        if (form["grant_type"] != "authorization_code" || !codes.TryRemove(form["code"].ToString(), out var pending))
        {
            return Refuse("token request", "unknown or used code");
        }

        if (form["redirect_uri"] != pending.RedirectUri)
        {
            return Refuse("token request", "redirect_uri differs from the authorize request");
        }

        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (challenge != pending.CodeChallenge)
        {
            return Refuse("token request", "PKCE verifier does not match");
        }

        var user = pending.User;
        var claims = new Dictionary<string, object> { ["sub"] = user.Subject, ["nonce"] = pending.Nonce, ["email_verified"] = user.EmailVerified };
        AddIfPresent(claims, "email", user.Email);
        AddIfPresent(claims, "name", user.Name);
        AddIfPresent(claims, "preferred_username", user.PreferredUserName);
        if (user.Groups is not null)
        {
            claims["groups"] = user.Groups.ToArray();
        }

        if (user.Roles is not null)
        {
            claims["roles"] = user.Roles.ToArray();
        }

        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddSeconds(-5),
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)),
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["id_token"] = idToken,
        });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private static void AddIfPresent(Dictionary<string, object> claims, string name, string? value)
    {
        if (value is not null)
        {
            claims[name] = value;
        }
    }

    private IResult Refuse(string what, string why)
    {
        Refusals.Enqueue($"{what}: {why}");
        return Results.Json(new { error = "invalid_request", error_description = why }, statusCode: StatusCodes.Status400BadRequest);
    }

    private sealed record PendingCode(ProviderUser User, string RedirectUri, string Nonce, string CodeChallenge);
}
