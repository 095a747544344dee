using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Integrations;

public sealed record NewApiToken(string? Name, IReadOnlyCollection<string>? Scopes, int? ExpiresInDays);

public enum ApiTokenStatus
{
    Active,
    Expired,
    Revoked,
}

public sealed record ApiTokenView(int Id, string UserName, string Name, string Hint, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime ExpiresAt,
    DateTime? RevokedAt, DateTime? LastUsedAt, ApiTokenStatus Status);

/// <summary>A token just made: the only time its secret is known.</summary>
public sealed record CreatedApiToken(ApiTokenView Token, string Secret);

/// <summary>What a presented secret is: a usable token, or why not (for the log; the caller hears only 401).</summary>
public sealed record ApiTokenCheck(ApiToken? Token, string? Refusal);

/// <summary>Makes, lists, revokes and checks API tokens; records each use.</summary>
public sealed class ApiTokens(ItsmDbContext db, TimeProvider time)
{
    /// <summary>Every secret starts with it, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string Prefix = "witk_";

    public const int MaxExpiryDays = 366;

    // The prefix and a one-time link's token (32 random bytes in base64url: 43 characters).
    private static readonly int SecretLength = Prefix.Length + 43;

    public async Task<CreatedApiToken> CreateAsync(string owner, NewApiToken input, string createdBy, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = input.Name?.Trim();
        errors.Length("name", name, ApiToken.NameLength, required: true);
        var scopes = (input.Scopes ?? []).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0)
        {
            errors.Add("scopes", "Choose at least one scope.");
        }

        foreach (var unknown in scopes.Where(s => !ApiScopes.IsKnown(s)))
        {
            errors.Add("scopes", $"There is no scope '{unknown}' (scopes are area:read or area:write, areas {string.Join(", ", ApiScopes.Areas)}).");
        }

        if (input.ExpiresInDays is not (>= 1 and <= MaxExpiryDays))
        {
            errors.Add("expiresInDays", $"A token expires after 1 to {MaxExpiryDays} days.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (!string.IsNullOrEmpty(name) && await db.Set<ApiToken>().AnyAsync(t => t.UserName == owner && t.Name == name && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken))
        {
            errors.Add("name", $"{owner} already has a token named '{name}'.");
        }

        errors.ThrowIfAny("API token");

        var secret = Prefix + LinkTokens.New();
        var token = new ApiToken
        {
            UserName = owner,
            Name = name!,
            Hint = secret[..(Prefix.Length + 4)],
            Hash = HashOf(secret),
            Scopes = string.Join(' ', ApiScopes.All.Where(scopes.Contains)),
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = now.AddDays(input.ExpiresInDays!.Value),
        };
        db.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiToken(View(token, now), secret);
    }

    public async Task<IReadOnlyList<ApiTokenView>> ListAsync(string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var tokens = await db.Set<ApiToken>().AsNoTracking().Where(t => t.UserName == owner).ToListAsync(cancellationToken);
        return [.. tokens.OrderBy(t => t.RevokedAt != null || t.ExpiresAt <= now).ThenByDescending(t => t.CreatedAt).Select(t => View(t, now))];
    }

    /// <summary>Revokes the owner's token; revoking it again changes nothing.</summary>
    /// <exception cref="RecordNotFoundException">The owner has no such token.</exception>
    public async Task<ApiTokenView> RevokeAsync(string owner, int id, string revokedBy, CancellationToken cancellationToken)
    {
        var token = await db.Set<ApiToken>().SingleOrDefaultAsync(t => t.Id == id && t.UserName == owner, cancellationToken)
            ?? throw new RecordNotFoundException($"{owner} has no API token {id}.");
        var now = time.GetUtcNow().UtcDateTime;
        if (token.RevokedAt is null)
        {
            token.RevokedAt = now;
            token.RevokedBy = revokedBy;
            await db.SaveChangesAsync(cancellationToken);
        }

        return View(token, now);
    }

    /// <summary>The token a presented secret belongs to if it may be used now; otherwise why not.</summary>
    public async Task<ApiTokenCheck> CheckAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length != SecretLength || !presented.StartsWith(Prefix, StringComparison.Ordinal) || !presented.AsSpan(Prefix.Length).ContainsOnlyBase64Url())
        {
            return new(null, "The token is malformed.");
        }

        var hash = HashOf(presented);
        var token = await db.Set<ApiToken>().AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return token switch
        {
            null => new(null, "The token is unknown."),
            { RevokedAt: not null } => new(null, $"The token '{token.Name}' of {token.UserName} was revoked."),
            _ when token.ExpiresAt <= now => new(null, $"The token '{token.Name}' of {token.UserName} expired."),
            _ => new(token, null),
        };
    }

    /// <summary>Records one call made with the token and marks it used.</summary>
    public async Task RecordUseAsync(ApiToken token, string method, string path, int status, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.Add(new ApiTokenUse
        {
            TokenId = token.Id,
            TokenName = token.Name,
            UserName = token.UserName,
            Method = method,
            Path = path.Length > ApiTokenUse.PathLength ? path[..ApiTokenUse.PathLength] : path,
            Status = status,
            At = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await db.Set<ApiToken>().Where(t => t.Id == token.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), cancellationToken);
    }

    /// <summary>The latest calls made with the owner's tokens, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenUse>> RecentUsesAsync(string owner, int count, CancellationToken cancellationToken) =>
        await db.Set<ApiTokenUse>().AsNoTracking().Where(u => u.UserName == owner).OrderByDescending(u => u.Id).Take(count).ToListAsync(cancellationToken);

    /// <summary>What is stored of a secret: its SHA-256, as for the one-time links.</summary>
    public static string HashOf(string secret) => LinkTokens.Hash(secret);

    private static ApiTokenView View(ApiToken t, DateTime now) =>
        new(t.Id, t.UserName, t.Name, t.Hint, t.ScopeList, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt,
            t.RevokedAt is not null ? ApiTokenStatus.Revoked : t.ExpiresAt <= now ? ApiTokenStatus.Expired : ApiTokenStatus.Active);
}

internal static class Base64UrlText
{
    public static bool ContainsOnlyBase64Url(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
