using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Risk;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Categories;
using WorkflowItsm.Web.Lookups;
using WorkflowItsm.Web.Records;

namespace WorkflowItsm.Web.Changes;

/// <summary>
/// A change: its plans and windows, its risk and why (with the questionnaire), the CIs it touches and the services
/// derived from them, linked incidents and problems, the moves its type allows now (closing asks how it went).
/// </summary>
public sealed partial class ChangePage
{
    private readonly EditForm form = new();
    private ChangeDetails? details;
    private IReadOnlyList<ActivityItem> activity = [];
    private IReadOnlyList<RiskQuestionView> questions = [];
    private Dictionary<long, long?> answers = [];
    private bool notFound;
    private bool mayWork;
    private bool editable;
    private bool closing;
    private ChangeCloseCode? closeCode;
    private string? closeNotes;
    private string? ciToAdd;
    private string? recordToLink;
    private string linkKind = RecordLinkKinds.CausedBy;
    private string user = "";

    // The fields the last refused save or move named (scheduling without a planned window names both), shown on them.
    private IReadOnlyDictionary<string, string[]> fieldErrors = new Dictionary<string, string[]>();

    [Parameter] public string Number { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        user = principal.Identity?.Name ?? "";
        mayWork = principal.IsInRole(Roles.Agent) || principal.IsInRole(Roles.ChangeManager) || principal.IsInRole(Roles.Admin);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        details = await services.GetRequiredService<ChangeQueries>().GetAsync(Number, CancellationToken.None);
        notFound = details is null;
        if (details is null)
        {
            activity = [];
            return;
        }

        var timeline = RecordTimeline.Merge([], details.History, await services.GetRequiredService<RecordTimeline>().WorkflowEventsAsync(Number, CancellationToken.None));
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        var names = await services.GetRequiredService<DirectoryLookup>().NamesAsync(ActivityLines.People(timeline), ActivityLines.Groups(timeline), principal, CancellationToken.None);
        var categories = await CategoryNames.LoadAsync(services, CancellationToken.None);
        var ciNames = await services.GetRequiredService<CiReferences>().NamesAsync(ActivityLines.ConfigurationItems(timeline), CancellationToken.None);
        activity = ActivityLines.OfChange(timeline, names, categories, BrowserTime, ciNames);
        questions = [.. (await services.GetRequiredService<ChangeRiskSettings>().QuestionsAsync(CancellationToken.None)).Where(q => q.Active)];
        answers = (await services.GetRequiredService<ChangeRiskQuestionnaire>().AnswersOfAsync(Number, CancellationToken.None)).ToDictionary(a => a.Key, a => (long?)a.Value);

        var change = details.Change;
        editable = mayWork && change.State is not (ChangeState.Closed or ChangeState.Cancelled);
        form.Type = change.Type;
        form.PlannedStart = ChangeDisplay.ToInput(change.PlannedStart, BrowserTime);
        form.PlannedEnd = ChangeDisplay.ToInput(change.PlannedEnd, BrowserTime);
        form.AssignmentGroup = change.AssignmentGroup;
        form.AssignedTo = change.AssignedTo;
        form.Description = change.Description;
        form.Reason = change.Reason;
        form.ImplementationPlan = change.ImplementationPlan;
        form.BackoutPlan = change.BackoutPlan;
        form.TestPlan = change.TestPlan;
    }

    private void GroupChanged(string? group)
    {
        if (!string.Equals(group, form.AssignmentGroup, StringComparison.Ordinal))
        {
            form.AssignmentGroup = group;
            form.AssignedTo = null;
        }
    }

    // Only what changed is sent (an emptied text as "", which clears it), against the revision the page shows.
    private Task SaveAsync()
    {
        var change = details!.Change;
        var start = ChangeDisplay.FromInput(form.PlannedStart, BrowserTime);
        var end = ChangeDisplay.FromInput(form.PlannedEnd, BrowserTime);
        var changes = new ChangeChanges
        {
            Type = form.Type == change.Type ? null : form.Type,
            PlannedStart = start == change.PlannedStart ? null : start,
            PlannedEnd = end == change.PlannedEnd ? null : end,
            AssignmentGroup = Changed(form.AssignmentGroup, change.AssignmentGroup),
            AssignedTo = Changed(form.AssignedTo, change.AssignedTo),
            Description = Changed(form.Description, change.Description),
            Reason = Changed(form.Reason, change.Reason),
            ImplementationPlan = Changed(form.ImplementationPlan, change.ImplementationPlan),
            BackoutPlan = Changed(form.BackoutPlan, change.BackoutPlan),
            TestPlan = Changed(form.TestPlan, change.TestPlan),
        };
        return RunAsync(s => s.GetRequiredService<ChangeService>().UpdateAsync(Number, changes, change.Revision, user, CancellationToken.None), "Saved.");
    }

    private static string? Changed(string? value, string? current) =>
        string.Equals(RecordText.TrimmedOrNull(value), current, StringComparison.Ordinal) ? null : value ?? "";

    private Task MoveAsync(ChangeState target)
    {
        if (target == ChangeState.Closed)
        {
            closing = true;
            return Task.CompletedTask;
        }

        return RunAsync(s => s.GetRequiredService<ChangeService>().TransitionAsync(Number, new ChangeTransition(target), user, CancellationToken.None),
            $"{Number} is {ChangeLabels.State(target).ToLowerInvariant()}.");
    }

    private async Task CloseAsync()
    {
        await RunAsync(s => s.GetRequiredService<ChangeService>().TransitionAsync(Number, new ChangeTransition(ChangeState.Closed, closeCode, closeNotes), user, CancellationToken.None),
            $"{Number} is closed.");
        closing = details?.Change.State != ChangeState.Closed && closing;
    }

    private Task AddCiAsync() =>
        RunAsync(s => s.GetRequiredService<ChangeService>().AddAffectedCisAsync(Number, [ciToAdd!], user, CancellationToken.None), "Configuration item added.");

    private Task RemoveCiAsync(string ci) =>
        RunAsync(s => s.GetRequiredService<ChangeService>().RemoveAffectedCiAsync(Number, ci, user, CancellationToken.None), "Configuration item removed.");

    private Task AnswerAsync() =>
        RunAsync(s => s.GetRequiredService<ChangeRiskQuestionnaire>().AnswerAsync(Number,
            answers.Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value!.Value), user, CancellationToken.None), "Risk assessed again.");

    private Task LinkAsync() =>
        RunAsync(s => s.GetRequiredService<ChangeService>().LinkRecordAsync(Number, recordToLink!, linkKind, user, CancellationToken.None), $"{recordToLink} linked.");

    private string? FieldError(string field) => fieldErrors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private static string LinkText(string kind) => kind == RecordLinkKinds.FixedBy ? "Fixed by it" : "Caused by it";

    private static LinkedRecord Linked(ChangeLinkedRecord link) =>
        new(link.Kind == RecordLinkKinds.FixedBy ? "Fixed by this change" : "Caused by this change", link.Number,
            link.Number.StartsWith(RecordNumbers.Problem, StringComparison.Ordinal) ? $"problems/{link.Number}" : $"incidents/{link.Number}");

    private async Task RunAsync(Func<IServiceProvider, Task> action, string done)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            fieldErrors = new Dictionary<string, string[]>();
            await action(scope.ServiceProvider);
            Snackbar.Add(done, Severity.Success);
            ciToAdd = null;
            recordToLink = null;
            closing = false;
        }
        catch (RecordValidationException invalid)
        {
            fieldErrors = invalid.Errors;
            Snackbar.Add(string.Join(" ", invalid.Errors.SelectMany(e => e.Value)), Severity.Error);
        }
        catch (Exception refused) when (refused is RecordTransitionException or RecordConflictException or RecordNotFoundException)
        {
            Snackbar.Add(refused.Message, Severity.Error);
        }

        await LoadAsync();
    }

    private sealed class EditForm
    {
        public ChangeType Type { get; set; }
        public string? PlannedStart { get; set; }
        public string? PlannedEnd { get; set; }
        public string? AssignmentGroup { get; set; }
        public string? AssignedTo { get; set; }
        public string? Description { get; set; }
        public string? Reason { get; set; }
        public string? ImplementationPlan { get; set; }
        public string? BackoutPlan { get; set; }
        public string? TestPlan { get; set; }
    }
}
