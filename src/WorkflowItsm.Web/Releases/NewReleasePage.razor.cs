using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Releases;

namespace WorkflowItsm.Web.Releases;

/// <summary>
/// A new release: the business service and version, its type, the readiness date, the changes it carries and the
/// environments in order; phases and gates come from the usual plan, planned backwards in working days.
/// </summary>
public sealed partial class NewReleasePage
{
    private readonly Form input = new();
    private readonly List<ChangeOption> changes = [];
    private ChangeOption? changeToAdd;
    private MudAutocomplete<ChangeOption>? changeSearch;
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private string user = "";
    private bool busy;

    private sealed record ChangeOption(string Number, string Title, string State);

    protected override async Task OnInitializedAsync() =>
        user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";

    private async Task<IEnumerable<ChangeOption>> SearchChangesAsync(string? text, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<ChangeQueries>().ListAsync(
            new ChangeFilter { States = ChangeLifecycle.Open, Text = text }, RecordSort.Newest, 1, 20, cancellationToken);
        return page.Items.Where(c => changes.All(added => added.Number != c.Number)).Select(c => new ChangeOption(c.Number, c.ShortDescription, ChangeLabels.State(c.State)));
    }

    private async Task AddChange(ChangeOption? change)
    {
        if (change is not null && changes.All(c => c.Number != change.Number))
        {
            changes.Add(change);
        }

        // The box empties for the next one.
        changeToAdd = null;
        if (change is not null && changeSearch is not null)
        {
            await changeSearch.ClearAsync();
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

    private static string GateText(GateInput gate) =>
        $"{gate.Key} {gate.Name} ({ReleaseLabels.GateKind(gate.Kind ?? GateKind.Policy).ToLowerInvariant()}"
        + (gate.Threshold is { } threshold ? $", at least {ReleaseDisplay.Percent(threshold)}" : "") + ")";

    private async Task CreateAsync()
    {
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var release = await scope.ServiceProvider.GetRequiredService<ReleaseService>().CreateAsync(new NewRelease
            {
                ShortDescription = input.ShortDescription,
                Description = input.Description,
                Service = input.Service,
                Version = input.Version,
                Type = input.Type,
                ReadinessDate = DateOnly.TryParseExact(input.ReadinessDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null,
                AssignmentGroup = input.AssignmentGroup,
                AssignedTo = input.AssignedTo,
                Changes = [.. changes.Select(c => c.Number)],
                Environments = (input.Environments ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            }, user, CancellationToken.None);
            Snackbar.Add($"{release.Number} is recorded: its phases are planned from {ReleaseDisplay.Day(release.PhasesInOrder.First().PlannedStart)} to {ReleaseDisplay.Day(release.ReadinessDate)}.", Severity.Success);
            Navigation.NavigateTo(RecordPages.Of(release.Number) ?? $"releases/{release.Number}");
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
        public string? Service { get; set; }
        public string? Version { get; set; }
        public ReleaseType Type { get; set; } = ReleaseType.Minor;
        public string? ReadinessDate { get; set; }
        public string? Environments { get; set; } = string.Join(", ", ReleasePlanTemplate.DefaultEnvironments);
        public string? AssignmentGroup { get; set; }
        public string? AssignedTo { get; set; }
    }
}
