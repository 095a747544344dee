using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Categories;

namespace WorkflowItsm.Web.Problems;

/// <summary>A new problem from the problem list, or from an incident (<c>?incident=INC…</c>): then filled in from it and linked to it.</summary>
public sealed partial class NewProblemPage
{
    private readonly Form input = new();
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private string? fromIncident;
    private string user = "";
    private bool busy;
    private CategoryNames categories = CategoryNames.None;

    [SupplyParameterFromQuery(Name = "incident")]
    public string? Incident { get; set; }

    protected override async Task OnInitializedAsync()
    {
        user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
        await using var scope = Scopes.CreateAsyncScope();
        categories = await CategoryNames.LoadAsync(scope.ServiceProvider, CancellationToken.None);
        if (!string.IsNullOrWhiteSpace(Incident)
            && await scope.ServiceProvider.GetRequiredService<IncidentQueries>().GetAsync(Incident.Trim(), withWorkNotes: false, CancellationToken.None) is { } details)
        {
            var incident = details.Incident;
            fromIncident = incident.Number;
            input.ShortDescription = incident.ShortDescription;
            input.Description = incident.Description;
            input.Category = incident.Category;
            input.Service = incident.Service;
            input.ConfigurationItem = incident.ConfigurationItem;
            input.Impact = incident.Impact;
            input.Urgency = incident.Urgency;
            input.Incidents = incident.Number;
        }
    }

    // Another group: its members are others, so whoever was chosen from the old one goes.
    private void GroupChanged(string? group)
    {
        if (!string.Equals(group, input.AssignmentGroup, StringComparison.Ordinal))
        {
            input.AssignmentGroup = group;
            input.AssignedTo = null;
        }
    }

    private bool HasError(string field) => errors.ContainsKey(field);

    private string? ErrorOf(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task CreateAsync()
    {
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var problem = await scope.ServiceProvider.GetRequiredService<ProblemService>().CreateAsync(new NewProblem
            {
                ShortDescription = input.ShortDescription,
                Description = input.Description,
                Category = input.Category,
                Service = input.Service,
                ConfigurationItem = input.ConfigurationItem,
                Impact = input.Impact,
                Urgency = input.Urgency,
                AssignmentGroup = input.AssignmentGroup,
                AssignedTo = input.AssignedTo,
                Workaround = input.Workaround,
                Incidents = (input.Incidents ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            }, user, CancellationToken.None);
            Navigation.NavigateTo(RecordPages.Of(problem.Number) ?? $"problems/{problem.Number}");
        }
        catch (RecordValidationException invalid)
        {
            errors = invalid.Errors;
        }
        finally
        {
            busy = false;
        }
    }

    private sealed class Form
    {
        public string? ShortDescription { get; set; }
        public string? Description { get; set; }
        public string? Category { get; set; }
        public string? Service { get; set; }
        public string? ConfigurationItem { get; set; }
        public int Impact { get; set; } = 3;
        public int Urgency { get; set; } = 3;
        public string? AssignmentGroup { get; set; }
        public string? AssignedTo { get; set; }
        public string? Workaround { get; set; }
        public string? Incidents { get; set; }
    }
}
