using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace WorkflowItsm.Itsm.Directory;

/// <summary>
/// Maps ASP.NET Core Identity's tables into <see cref="Persistence.ItsmDbContext"/>. The context cannot also inherit
/// IdentityDbContext (it inherits the runtime's WorkflowDbContext), and Identity's EF stores work with any
/// context that maps these types, so the mapping is stated here with Identity's usual table names.
/// </summary>
internal static class IdentityModel
{
    private const int NameLength = 256;
    private const int LoginKeyLength = 128;

    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<DirectoryUser>(user =>
        {
            user.ToTable("AspNetUsers");
            user.HasKey(u => u.Id);
            user.HasIndex(u => u.NormalizedUserName).HasDatabaseName("UserNameIndex").IsUnique();
            user.HasIndex(u => u.NormalizedEmail).HasDatabaseName("EmailIndex");
            user.Property(u => u.ConcurrencyStamp).IsConcurrencyToken();
            user.Property(u => u.UserName).HasMaxLength(NameLength);
            user.Property(u => u.NormalizedUserName).HasMaxLength(NameLength);
            user.Property(u => u.Email).HasMaxLength(NameLength);
            user.Property(u => u.NormalizedEmail).HasMaxLength(NameLength);
            user.Property(u => u.DisplayName).HasMaxLength(NameLength);
            user.HasMany<IdentityUserClaim<string>>().WithOne().HasForeignKey(c => c.UserId).IsRequired();
            user.HasMany<IdentityUserLogin<string>>().WithOne().HasForeignKey(l => l.UserId).IsRequired();
            user.HasMany<IdentityUserToken<string>>().WithOne().HasForeignKey(t => t.UserId).IsRequired();
            user.HasMany<IdentityUserRole<string>>().WithOne().HasForeignKey(r => r.UserId).IsRequired();
        });

        builder.Entity<IdentityUserClaim<string>>(claim =>
        {
            claim.ToTable("AspNetUserClaims");
            claim.HasKey(c => c.Id);
        });

        builder.Entity<IdentityUserLogin<string>>(login =>
        {
            login.ToTable("AspNetUserLogins");
            login.HasKey(l => new { l.LoginProvider, l.ProviderKey });
            login.Property(l => l.LoginProvider).HasMaxLength(LoginKeyLength);
            login.Property(l => l.ProviderKey).HasMaxLength(LoginKeyLength);
        });

        builder.Entity<IdentityUserToken<string>>(token =>
        {
            token.ToTable("AspNetUserTokens");
            token.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
            token.Property(t => t.LoginProvider).HasMaxLength(LoginKeyLength);
            token.Property(t => t.Name).HasMaxLength(LoginKeyLength);
        });

        builder.Entity<DirectoryRole>(role =>
        {
            role.ToTable("AspNetRoles");
            role.HasKey(r => r.Id);
            role.HasIndex(r => r.NormalizedName).HasDatabaseName("RoleNameIndex").IsUnique();
            role.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
            role.Property(r => r.Name).HasMaxLength(NameLength);
            role.Property(r => r.NormalizedName).HasMaxLength(NameLength);
            role.HasMany<IdentityUserRole<string>>().WithOne().HasForeignKey(r => r.RoleId).IsRequired();
            role.HasMany<IdentityRoleClaim<string>>().WithOne().HasForeignKey(c => c.RoleId).IsRequired();
        });

        builder.Entity<IdentityUserRole<string>>(userRole =>
        {
            userRole.ToTable("AspNetUserRoles");
            userRole.HasKey(r => new { r.UserId, r.RoleId });
        });

        builder.Entity<IdentityRoleClaim<string>>(claim =>
        {
            claim.ToTable("AspNetRoleClaims");
            claim.HasKey(c => c.Id);
        });
    }
}
