using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Configuration;

/// <summary>The class tree, each class's attributes with their types (inherited ones marked), the relation types; admins add attributes.</summary>
public sealed partial class CiClassesPage
{
    private IReadOnlyList<(CiClassView Class, int Level)> flat = [];
    private IReadOnlyList<CiRelationTypeView> relationTypes = [];
    private CiClassView? selected;
    private bool isAdmin;
    private string? newName;
    private string? newKey;
    private string? newOptions;
    private CiAttributeType newType = CiAttributeType.Text;
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        isAdmin = (await Authentication.GetAuthenticationStateAsync()).User.IsInRole(Roles.Admin);
        await LoadAsync(CmdbSeed.Server);
    }

    private async Task LoadAsync(string? select)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<CiQueries>();
        var tree = await queries.ClassTreeAsync(CancellationToken.None);
        flat = [.. tree.SelectMany(c => Flatten(c, 0))];
        relationTypes = await queries.RelationTypesAsync(CancellationToken.None);
        selected = flat.Select(f => f.Class).FirstOrDefault(c => c.Key == select) ?? (flat.Count > 0 ? flat[0].Class : null);
    }

    private static IEnumerable<(CiClassView, int)> Flatten(CiClassView c, int level) =>
        c.Children.SelectMany(child => Flatten(child, level + 1)).Prepend((c, level));

    private void Select(string? key)
    {
        selected = flat.Select(f => f.Class).FirstOrDefault(c => c.Key == key) ?? selected;
        errors = new Dictionary<string, string[]>();
    }

    private string NameOf(string key) => flat.Select(f => f.Class).FirstOrDefault(c => c.Key == key)?.Name ?? key;

    private string? ErrorOf(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task AddAttributeAsync()
    {
        if (selected is null)
        {
            return;
        }

        var options = newType == CiAttributeType.Choice
            ? (newOptions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(label => new CiChoiceOptionInput(label.ToLowerInvariant().Replace(' ', '-'), label)).ToList()
            : null;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CiClassAdministration>()
                .AddAttributeAsync(selected.Key, new NewCiAttribute(newKey, newName, newType, Options: options), CancellationToken.None);
            Snackbar.Add($"{newName} added to {selected.Name}.", Severity.Success);
            newName = newKey = newOptions = null;
            errors = new Dictionary<string, string[]>();
            await LoadAsync(selected.Key);
        }
        catch (RecordValidationException invalid)
        {
            errors = invalid.Errors;
        }
    }
}
