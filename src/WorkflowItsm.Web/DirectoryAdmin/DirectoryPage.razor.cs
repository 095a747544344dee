using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.DirectoryAdmin;

public sealed partial class DirectoryPage
{
    private IReadOnlyList<PersonView> people = [];
    private IReadOnlyList<GroupView> groups = [];
    private IReadOnlyList<string> personProblems = [];
    private string? newUserName;
    private string? newDisplayName;
    private string? newEmail;
    private string? newPassword;
    private IEnumerable<string> newRoles = [Roles.Agent];
    private IEnumerable<string> newGroups = [];
    private PersonView? editing;
    private IEnumerable<string> editRoles = [];
    private IEnumerable<string> editGroups = [];
    private string? newGroupKey;
    private string? newGroupName;
    private string? newGroupDescription;
    private string? groupProblem;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        people = await scope.ServiceProvider.GetRequiredService<DirectoryPeople>().ListAsync(CancellationToken.None);
        groups = await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().ListAsync(CancellationToken.None);
    }

    private async Task AddPersonAsync()
    {
        if (string.IsNullOrWhiteSpace(newUserName) || string.IsNullOrEmpty(newPassword))
        {
            personProblems = ["A user name and an initial password are needed."];
            return;
        }

        await using (var scope = Scopes.CreateAsyncScope())
        {
            personProblems = await scope.ServiceProvider.GetRequiredService<DirectoryPeople>().CreateAsync(
                new NewPerson(newUserName, newDisplayName, newEmail, newPassword, newRoles.ToList(), newGroups.ToList()), CancellationToken.None);
        }

        if (personProblems.Count == 0)
        {
            Snackbar.Add($"{newUserName} added.", Severity.Success);
            (newUserName, newDisplayName, newEmail, newPassword, newGroups) = (null, null, null, null, []);
            await LoadAsync();
        }
    }

    private void Edit(PersonView person)
    {
        editing = person;
        editRoles = person.Roles;
        editGroups = person.Groups;
    }

    private async Task SavePersonAsync()
    {
        await using (var scope = Scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectoryPeople>().UpdateAsync(editing!.UserName, editRoles.ToList(), editGroups.ToList(), CancellationToken.None);
        }

        Snackbar.Add($"{editing.UserName} saved.", Severity.Success);
        editing = null;
        await LoadAsync();
    }

    private async Task AddGroupAsync()
    {
        var key = newGroupKey?.Trim() ?? "";
        if (!DirectoryGroups.IsValidKey(key) || string.IsNullOrWhiteSpace(newGroupName))
        {
            groupProblem = "A key (letters, digits, '-', '_', '.') and a name are needed.";
            return;
        }

        await using (var scope = Scopes.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().EnsureAsync(key, newGroupName.Trim(), newGroupDescription, CancellationToken.None);
            groupProblem = created ? null : $"A group '{key}' exists already.";
        }

        if (groupProblem is null)
        {
            Snackbar.Add($"Group {key} added.", Severity.Success);
            (newGroupKey, newGroupName, newGroupDescription) = (null, null, null);
            await LoadAsync();
        }
    }
}
