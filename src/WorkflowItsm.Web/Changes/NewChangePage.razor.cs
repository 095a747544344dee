using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Templates;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Changes;

/// <summary>A new change: normal or emergency with its plans, or standard from a template of the catalog (its fields filled in).</summary>
public sealed partial class NewChangePage
{
    private readonly Form input = new();
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private IReadOnlyList<StandardChangeTemplateView> templates = [];
    private string user = "";
    private bool busy;

    protected override async Task OnInitializedAsync()
    {
        user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
        await using var scope = Scopes.CreateAsyncScope();
        templates = await scope.ServiceProvider.GetRequiredService<StandardChangeCatalog>().ListAsync(includeRetired: false, CancellationToken.None);
    }

    private void TypeChanged(ChangeType type)
    {
        input.Type = type;
        if (type != ChangeType.Standard)
        {
            input.TemplateId = null;
        }
    }

    // The template's fields fill the form; what the person writes then wins.
    private void TemplateChanged(long? id)
    {
        input.TemplateId = id;
        if (templates.FirstOrDefault(t => t.TemplateId == id) is { } template)
        {
            input.ShortDescription = template.ShortDescription;
            input.Description = template.Description;
            input.Reason = template.Reason;
            input.ImplementationPlan = template.ImplementationPlan;
            input.BackoutPlan = template.BackoutPlan;
            input.TestPlan = template.TestPlan;
            input.AssignmentGroup = template.AssignmentGroup ?? input.AssignmentGroup;
        }
    }

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
            var change = await scope.ServiceProvider.GetRequiredService<ChangeService>().CreateAsync(new NewChange
            {
                Type = input.Type,
                TemplateId = input.Type == ChangeType.Standard ? input.TemplateId : null,
                ShortDescription = input.ShortDescription,
                Description = input.Description,
                Reason = input.Reason,
                ConfigurationItem = input.ConfigurationItem,
                AffectedCis = input.ConfigurationItem is { } ci ? [ci] : null,
                Impact = input.Impact,
                PlannedStart = ChangeDisplay.FromInput(input.PlannedStart, BrowserTime),
                PlannedEnd = ChangeDisplay.FromInput(input.PlannedEnd, BrowserTime),
                AssignmentGroup = input.AssignmentGroup,
                AssignedTo = input.AssignedTo,
                ImplementationPlan = input.ImplementationPlan,
                BackoutPlan = input.BackoutPlan,
                TestPlan = input.TestPlan,
            }, user, CancellationToken.None);
            Navigation.NavigateTo(RecordPages.Of(change.Number) ?? $"changes/{change.Number}");
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
        public ChangeType Type { get; set; }
        public long? TemplateId { get; set; }
        public string? ShortDescription { get; set; }
        public string? Description { get; set; }
        public string? Reason { get; set; }
        public string? ConfigurationItem { get; set; }
        public int Impact { get; set; } = 3;
        public string? PlannedStart { get; set; }
        public string? PlannedEnd { get; set; }
        public string? AssignmentGroup { get; set; }
        public string? AssignedTo { get; set; }
        public string? ImplementationPlan { get; set; }
        public string? BackoutPlan { get; set; }
        public string? TestPlan { get; set; }
    }
}
