using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Web.Categories;

namespace WorkflowItsm.Web.Incidents;

public sealed partial class NewIncidentPage
{
    private readonly Form input = new();
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private string user = "";
    private bool busy;
    private CategoryNames categories = CategoryNames.None;

    protected override async Task OnInitializedAsync()
    {
        user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
        await using var scope = Scopes.CreateAsyncScope();
        categories = await CategoryNames.LoadAsync(scope.ServiceProvider, CancellationToken.None);
    }

    // A subcategory belongs to its category: another category starts without one.
    private void CategoryChanged(string? category)
    {
        if (category != input.Category)
        {
            input.Category = category;
            input.Subcategory = null;
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

    private string? ErrorOf(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task CreateAsync()
    {
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var incident = await scope.ServiceProvider.GetRequiredService<IncidentService>().CreateAsync(new NewIncident
            {
                ShortDescription = input.ShortDescription,
                Description = input.Description,
                Caller = input.Caller,
                Category = input.Category,
                Subcategory = input.Subcategory,
                Service = input.Service,
                ConfigurationItem = input.ConfigurationItem,
                Impact = input.Impact,
                Urgency = input.Urgency,
                AssignmentGroup = input.AssignmentGroup,
                AssignedTo = input.AssignedTo,
                Parent = input.Parent,
                IsMajor = input.IsMajor,
            }, user, CancellationToken.None);
            Navigation.NavigateTo($"incidents/{incident.Number}");
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
        public string? Caller { get; set; }
        public string? Category { get; set; }
        public string? Subcategory { get; set; }
        public string? Service { get; set; }
        public string? ConfigurationItem { get; set; }
        public int Impact { get; set; } = 3;
        public int Urgency { get; set; } = 3;
        public string? AssignmentGroup { get; set; }
        public string? AssignedTo { get; set; }
        public string? Parent { get; set; }
        public bool IsMajor { get; set; }
    }
}
