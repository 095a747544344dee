using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Integrations;

/// <summary>
/// A personal access token (or a service account's): the secret is shown once and only its SHA-256 is stored; it
/// acts as its owner, narrowed to its scopes, until it expires or is revoked.
/// </summary>
public sealed class ApiToken
{
    public const int NameLength = 100;
    public const int ScopesLength = 400;

    public int Id { get; set; }

    /// <summary>The person or service account the token acts as.</summary>
    public required string UserName { get; set; }
    public required string Name { get; set; }

    /// <summary>The secret's first characters, enough to tell tokens apart in a list or a log ("witk_Ab3x").</summary>
    public required string Hint { get; set; }

    /// <summary>SHA-256 of the whole secret, lower-case hex.</summary>
    public required string Hash { get; set; }

    /// <summary>Space-separated scopes (<see cref="ApiScopes"/>).</summary>
    public required string Scopes { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public DateTime? LastUsedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One API call made with a token: who, with which token, what, and the answer's status.</summary>
public sealed class ApiTokenUse
{
    public const int PathLength = 400;

    public long Id { get; set; }
    public int TokenId { get; set; }
    public required string TokenName { get; set; }
    public required string UserName { get; set; }
    public required string Method { get; set; }
    public required string Path { get; set; }
    public int Status { get; set; }
    public DateTime At { get; set; }
}

/// <summary>An account for another system: no password, so it signs in only with its tokens.</summary>
public sealed class ServiceAccount
{
    public const int DescriptionLength = 400;

    public required string UserName { get; set; }
    public string? Description { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("ApiTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.UserName).HasMaxLength(Record.NameLength);
        builder.Property(t => t.Name).HasMaxLength(ApiToken.NameLength);
        builder.Property(t => t.Hint).HasMaxLength(20);
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.Property(t => t.Scopes).HasMaxLength(ApiToken.ScopesLength);
        builder.Property(t => t.CreatedBy).HasMaxLength(Record.NameLength);
        builder.Property(t => t.RevokedBy).HasMaxLength(Record.NameLength);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.UserName);
        builder.Ignore(t => t.ScopeList);
    }
}

internal sealed class ApiTokenUseConfiguration : IEntityTypeConfiguration<ApiTokenUse>
{
    public void Configure(EntityTypeBuilder<ApiTokenUse> builder)
    {
        builder.ToTable("ApiTokenUses");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.TokenName).HasMaxLength(ApiToken.NameLength);
        builder.Property(u => u.UserName).HasMaxLength(Record.NameLength);
        builder.Property(u => u.Method).HasMaxLength(10);
        builder.Property(u => u.Path).HasMaxLength(ApiTokenUse.PathLength);
        builder.HasIndex(u => new { u.TokenId, u.At });
    }
}

internal sealed class ServiceAccountConfiguration : IEntityTypeConfiguration<ServiceAccount>
{
    public void Configure(EntityTypeBuilder<ServiceAccount> builder)
    {
        builder.ToTable("ServiceAccounts");
        builder.HasKey(a => a.UserName);
        builder.Property(a => a.UserName).HasMaxLength(Record.NameLength);
        builder.Property(a => a.Description).HasMaxLength(ServiceAccount.DescriptionLength);
        builder.Property(a => a.CreatedBy).HasMaxLength(Record.NameLength);
    }
}
