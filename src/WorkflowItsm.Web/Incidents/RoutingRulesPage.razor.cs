using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Categories;

namespace WorkflowItsm.Web.Incidents;

public sealed partial class RoutingRulesPage
{
    private IReadOnlyList<RoutingRuleView> rules = [];
    private IReadOnlyList<GroupView> groups = [];
    private CategoryNames categories = CategoryNames.None;
    private RuleForm? editing;
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        rules = await scope.ServiceProvider.GetRequiredService<IncidentRoutingRules>().ListAsync(CancellationToken.None);
        groups = await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().ListAsync(CancellationToken.None);
        categories = await CategoryNames.LoadAsync(scope.ServiceProvider, CancellationToken.None);
    }

    private string? ErrorOf(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private string CategoryText(string? category) => category is null ? "Any category" : categories.Category(category);

    private static string PriorityUpTo(int? priority) => priority switch
    {
        null => "Any priority",
        1 => "P1 only",
        _ => $"P1 to P{priority}",
    };

    private string GroupText(string key) => groups.FirstOrDefault(g => g.Key == key)?.DisplayName ?? key;

    private void Add()
    {
        errors = new Dictionary<string, string[]>();
        editing = new RuleForm();
    }

    private void Edit(RoutingRuleView rule)
    {
        errors = new Dictionary<string, string[]>();
        editing = new RuleForm { Id = rule.Id, Position = rule.Position, Category = rule.Category, UpToPriority = rule.UpToPriority, AssignmentGroup = rule.AssignmentGroup };
    }

    private void Cancel() => editing = null;

    private async Task SaveAsync()
    {
        if (editing is null)
        {
            return;
        }

        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IncidentRoutingRules>()
                .SaveAsync(editing.Id, new RoutingRuleInput(editing.Category, editing.UpToPriority, editing.AssignmentGroup), CancellationToken.None);
            Snackbar.Add("Routing rule saved.", Severity.Success);
            editing = null;
            await LoadAsync();
        }
        catch (RecordValidationException invalid)
        {
            errors = invalid.Errors;
        }
        catch (RecordNotFoundException gone)
        {
            Snackbar.Add(gone.Message, Severity.Warning);
            editing = null;
            await LoadAsync();
        }
    }

    private async Task RemoveAsync(RoutingRuleView rule)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IncidentRoutingRules>().RemoveAsync(rule.Id, CancellationToken.None);
            Snackbar.Add($"Rule {rule.Position} removed.", Severity.Success);
        }
        catch (RecordNotFoundException gone)
        {
            Snackbar.Add(gone.Message, Severity.Warning);
        }

        await LoadAsync();
    }

    private async Task MoveAsync(RoutingRuleView rule, int by)
    {
        await using var scope = Scopes.CreateAsyncScope();
        rules = await scope.ServiceProvider.GetRequiredService<IncidentRoutingRules>().MoveAsync(rule.Id, by, CancellationToken.None);
    }

    private sealed class RuleForm
    {
        public int? Id { get; init; }
        public int Position { get; init; }
        public string? Category { get; set; }
        public int? UpToPriority { get; set; }
        public string? AssignmentGroup { get; set; }
    }
}
