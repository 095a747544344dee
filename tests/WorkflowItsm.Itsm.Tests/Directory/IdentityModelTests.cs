using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Tests.Directory;

/// <summary>Identity's EF stores work against ItsmDbContext's own mapping of the Identity tables.</summary>
public sealed class IdentityModelTests : IAsyncLifetime
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        await connection.OpenAsync();
        services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<ItsmDbContext>(options => options.UseSqlite(connection))
            .AddIdentityCore<DirectoryUser>()
            .AddRoles<DirectoryRole>()
            .AddEntityFrameworkStores<ItsmDbContext>()
            .Services
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Database.EnsureCreatedAsync();
    }

    [Fact]
    public async Task Users_get_roles_and_are_found_by_name_and_email()
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<DirectoryRole>>();
        (await roles.CreateAsync(new DirectoryRole(Roles.Agent))).Succeeded.Should().BeTrue();
        var ana = new DirectoryUser { UserName = "ana", Email = "Ana@Example.test", DisplayName = "Ana" };
        (await users.CreateAsync(ana, "Str0ng-Password!")).Succeeded.Should().BeTrue();

        (await users.AddToRoleAsync(ana, Roles.Agent)).Succeeded.Should().BeTrue();

        var found = await users.FindByEmailAsync("ana@example.test");
        found!.DisplayName.Should().Be("Ana");
        (await users.GetRolesAsync(found)).Should().Equal(Roles.Agent);
        (await users.CheckPasswordAsync(found, "Str0ng-Password!")).Should().BeTrue();
    }

    [Fact]
    public async Task User_names_are_unique()
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
        (await users.CreateAsync(new DirectoryUser { UserName = "bo" })).Succeeded.Should().BeTrue();

        var second = await users.CreateAsync(new DirectoryUser { UserName = "BO" });

        second.Succeeded.Should().BeFalse();
        second.Errors.Should().ContainSingle(e => e.Code == "DuplicateUserName");
    }

    [Fact]
    public void Roles_are_the_six_the_product_defines() =>
        Roles.All.Should().Equal("requester", "agent", "process-owner", "change-manager", "cab-member", "admin", "pipeline");

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await connection.DisposeAsync();
    }
}
