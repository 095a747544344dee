using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Web.Categories;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Lookups;
using WorkflowItsm.Web.Records;
using WorkflowItsm.Web.ServiceLevels;

namespace WorkflowItsm.Web.Incidents;

public sealed partial class IncidentPage
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    private static readonly (string Id, string Name)[] ResolutionCodes =
        [("fixed", "Fixed"), ("workaround", "Workaround applied"), ("duplicate", "Duplicate"), ("no-fault", "No fault found")];

    private IncidentDetails? details;
    private IReadOnlyList<SlaClockView> clocks = [];
    private IReadOnlyDictionary<string, CalendarView> calendars = new Dictionary<string, CalendarView>();
    private IReadOnlyList<HumanTaskView> tasks = [];
    private DirectoryNames names = DirectoryNames.None;
    private CategoryNames categories = CategoryNames.None;
    private IReadOnlyList<AffectedService> affected = [];
    private (string? Service, string? ConfigurationItem)? affectedOf;
    private MajorIncidentOffer? majorOffer;
    private System.Security.Claims.ClaimsPrincipal principal = new();
    private IReadOnlyList<AttachmentView> attachments = [];
    private IReadOnlyList<ActivityItem> activity = [];
    private string? majorInstanceId;
    private string? attachmentError;
    private bool uploading;
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private IReadOnlyDictionary<string, string[]> transitionErrors = new Dictionary<string, string[]>();
    private readonly IncidentEdit edit = new();
    private readonly CancellationTokenSource closing = new();
    private bool notFound;
    private string user = "";
    private IncidentState? chosen;
    private OnHoldReason? holdReason;
    private string? resolutionCode;
    private string? resolutionNotes;
    private string? knownErrorText;
    private bool knownErrorSameCategory = true;
    private bool knownErrorsSearched;
    private IReadOnlyList<KnownErrorView> knownErrors = [];

    [Parameter] public string Number { get; set; } = "";

    protected override async Task OnInitializedAsync()
    {
        principal = (await Authentication.GetAuthenticationStateAsync()).User;
        user = principal.Identity?.Name ?? "";
        await LoadAsync(resetFields: true);
        // Others work the same incident (the workflow, the caller): the page follows, but never overwrites what is being typed.
        _ = LiveRefresh.RunAsync(RefreshEvery, () => InvokeAsync(async () =>
        {
            await LoadAsync(resetFields: false);
            StateHasChanged();
        }), closing.Token);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (details is not null && details.Incident.Number != Number)
        {
            await LoadAsync(resetFields: true);
        }
    }

    /// <summary>How many of the latest changes on the incident's CI the page offers as likely causes.</summary>
    private const int RecentChangeCount = 5;

    private IReadOnlyList<WorkflowItsm.Itsm.Changes.RecentChangeView> recentChanges = [];

    private async Task LoadAsync(bool resetFields)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        details = await services.GetRequiredService<IncidentQueries>().GetAsync(Number, withWorkNotes: true, closing.Token);
        notFound = details is null;
        if (details is null)
        {
            return;
        }

        var id = (await services.GetRequiredService<IncidentQueries>().IdentifyAsync(Number, closing.Token))!.Value.Id;
        clocks = await services.GetRequiredService<SlaAdministration>().ClocksOfAsync(id, closing.Token);
        calendars = await services.GetRequiredService<BusinessCalendars>().ByKeyAsync(closing.Token);
        majorInstanceId = details.Incident.IsMajor
            ? await services.GetRequiredService<IncidentService>().RunningMajorIncidentAsync(Number, closing.Token)
            : null;
        var taskQueries = services.GetRequiredService<HumanTaskQueries>();
        var openTasks = new List<HumanTaskView>();
        foreach (var instanceId in new[] { details.Incident.ProcessInstanceId, majorInstanceId }.OfType<string>())
        {
            openTasks.AddRange((await taskQueries.ListAsync(new HumanTaskFilter(InstanceId: instanceId), 1, 20, closing.Token)).Items);
        }

        tasks = openTasks;
        attachments = await services.GetRequiredService<RecordAttachments>().ListAsync(Number, closing.Token);
        // The details carry the notes and field changes already; only the workflow's events are read for the stream.
        var workflowEvents = await services.GetRequiredService<RecordTimeline>().WorkflowEventsAsync(Number, closing.Token);
        var timeline = RecordTimeline.Merge(details.Notes, details.History, workflowEvents);
        names = await services.GetRequiredService<DirectoryLookup>().NamesAsync(tasks.Select(t => t.Assignee).Concat(ActivityLines.People(timeline)),
            tasks.SelectMany(t => t.OfferedGroups()).Concat(ActivityLines.Groups(timeline)), principal, closing.Token);
        // What an outage of the incident's CI hits is read again only when its service or CI changed.
        if (resetFields || affectedOf != (details.Incident.Service, details.Incident.ConfigurationItem))
        {
            affectedOf = (details.Incident.Service, details.Incident.ConfigurationItem);
            affected = await services.GetRequiredService<AffectedServices>().OfAsync(details.Incident.Service, details.Incident.ConfigurationItem, closing.Token);
            majorOffer = await services.GetRequiredService<MajorIncidentOffers>().ForAsync(Number, closing.Token);
            recentChanges = details.Incident.ConfigurationItem is { } ci
                ? await services.GetRequiredService<WorkflowItsm.Itsm.Changes.ChangeQueries>().RecentOnCiAsync(ci, RecentChangeCount, closing.Token)
                : [];
        }

        if (resetFields || categories == CategoryNames.None)
        {
            categories = await CategoryNames.LoadAsync(services, closing.Token);
        }

        var ciNames = await services.GetRequiredService<CiReferences>().NamesAsync(ActivityLines.ConfigurationItems(timeline), closing.Token);
        activity = ActivityLines.OfIncident(timeline, tasks, names, categories, ciNames);
        if (resetFields || !edit.IsDirty)
        {
            edit.From(details.Incident);
        }
    }

    // A subcategory belongs to its category: another category starts without one.
    private void CategoryChanged(string? category)
    {
        if (category != edit.Category)
        {
            edit.Category = category;
            edit.Subcategory = null;
        }
    }

    // Another group: its members are others, so whoever was assigned from the old one is cleared (saved with it).
    private void GroupChanged(string? group)
    {
        if (!string.Equals(group, edit.AssignmentGroup, StringComparison.Ordinal))
        {
            edit.AssignmentGroup = group;
            edit.AssignedTo = null;
        }
    }

    private List<LinkedRecord> LinkedItems()
    {
        var links = new List<LinkedRecord>();
        if (details?.Incident.Parent is { } parent)
        {
            links.Add(new LinkedRecord("Parent", parent, $"incidents/{parent}"));
        }

        links.AddRange(details?.Children.Select(child =>
            new LinkedRecord("Child", child.Number, $"incidents/{child.Number}", child.ShortDescription, IncidentDisplay.StateText(child.State))) ?? []);
        return links;
    }

    private AttachmentItem AttachmentItemOf(AttachmentView file) =>
        new(file.Id, file.FileName, file.ContentType, file.Size, file.UploadedBy, file.UploadedAt,
            $"api/incidents/{Uri.EscapeDataString(Number)}/attachments/{file.Id}");

    private string? FieldError(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private string? TransitionError(string field) => transitionErrors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private static string ActionText(IncidentState from, IncidentState to) => (from, to) switch
    {
        (IncidentState.Resolved, IncidentState.InProgress) => "Reopen",
        (IncidentState.OnHold, IncidentState.InProgress) => "Resume work",
        (_, IncidentState.InProgress) => "Start work",
        (_, IncidentState.OnHold) => "Put on hold",
        (_, IncidentState.Resolved) => "Resolve",
        (_, IncidentState.Closed) => "Close",
        _ => "Cancel incident",
    };

    private static string ClockText(SlaClockView clock) =>
        clock.BreachedAt is not null ? "Breached"
        : clock.State == SlaClockState.Stopped ? "Met"
        : clock.State == SlaClockState.Paused ? "Paused"
        : clock.State == SlaClockState.Cancelled ? "Replaced"
        : $"{IncidentDisplay.Duration(clock.Remaining)} left";

    /// <summary>A point on a clock's timeline in words ("Warning sent"), not the event's code.</summary>
    private static string ClockEventText(string kind) => kind switch
    {
        SlaClockEvents.Started => "Started",
        SlaClockEvents.Paused => "Paused",
        SlaClockEvents.Resumed => "Resumed",
        SlaClockEvents.Warned => "Warning sent",
        SlaClockEvents.Breached => "Breached",
        SlaClockEvents.Stopped => "Met",
        SlaClockEvents.Cancelled => "Replaced",
        SlaClockEvents.Recalculated => "Recalculated (calendar changed)",
        _ => kind,
    };

    private void Choose(IncidentState target)
    {
        transitionErrors = new Dictionary<string, string[]>();
        if (target is IncidentState.OnHold or IncidentState.Resolved)
        {
            chosen = target;
            return;
        }

        chosen = target;
        _ = TransitionAsync();
    }

    private async Task TransitionAsync()
    {
        if (chosen is not { } target)
        {
            return;
        }

        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IncidentService>().TransitionAsync(Number,
                new IncidentTransition(target, holdReason, resolutionCode, resolutionNotes), user, CancellationToken.None);
            Snackbar.Add($"{Number} is {IncidentDisplay.StateText(target).ToLowerInvariant()}.", Severity.Success);
            chosen = null;
            await LoadAsync(resetFields: true);
        }
        catch (RecordValidationException invalid)
        {
            transitionErrors = invalid.Errors;
        }
        catch (Exception refused) when (refused is RecordTransitionException or RecordConcurrencyException)
        {
            Snackbar.Add(refused.Message, Severity.Error);
            chosen = null;
            await LoadAsync(resetFields: false);
        }

        await InvokeAsync(StateHasChanged);
    }

    private async Task SaveAsync()
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            // Against what the form was filled from: a change saved meanwhile by someone else makes this a conflict, not an overwrite.
            await scope.ServiceProvider.GetRequiredService<IncidentService>().UpdateAsync(Number, edit.Changes(), edit.Base!.Revision, user, CancellationToken.None);
            errors = new Dictionary<string, string[]>();
            Snackbar.Add("Saved.", Severity.Success);
            await LoadAsync(resetFields: true);
        }
        catch (RecordValidationException invalid)
        {
            errors = invalid.Errors;
        }
        catch (RecordConcurrencyException stale)
        {
            Snackbar.Add(stale.Message, Severity.Error);
        }
    }

    // One click: the incident joins the major incident on its CI or service (its parent, audited like any change).
    private async Task LinkToMajorAsync(MajorIncidentOffer offer)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MajorIncidentOffers>().LinkAsync(Number, offer.Number, user, CancellationToken.None);
            Snackbar.Add($"{Number} is linked to the major incident {offer.Number}.", Severity.Success);
        }
        catch (RecordValidationException invalid)
        {
            Snackbar.Add(string.Join(" ", invalid.Errors.SelectMany(e => e.Value)), Severity.Warning);
        }

        await LoadAsync(resetFields: true);
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        uploading = true;
        try
        {
            attachmentError = await AttachmentUpload.AttachAsync(Scopes, AttachmentOptions, Number, file, user, closing.Token);
            if (attachmentError is null)
            {
                Snackbar.Add($"{file.Name} attached.", Severity.Success);
                await LoadAsync(resetFields: false);
            }
        }
        finally
        {
            uploading = false;
        }
    }

    private async Task DeleteAttachmentAsync(AttachmentItem file)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RecordAttachments>().DeleteAsync(Number, file.Id, user, CancellationToken.None);
            Snackbar.Add($"{file.FileName} removed.", Severity.Info);
            await LoadAsync(resetFields: false);
        }
        catch (RecordConcurrencyException stale)
        {
            Snackbar.Add(stale.Message, Severity.Error);
        }
    }

    private async Task<bool> AddNoteAsync(string text, bool isWorkNote)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IncidentService>().AddNoteAsync(Number, isWorkNote ? RecordNoteKind.WorkNote : RecordNoteKind.Comment, text, user, CancellationToken.None);
            await LoadAsync(resetFields: false);
            return true;
        }
        catch (RecordValidationException invalid)
        {
            Snackbar.Add(string.Join(" ", invalid.Errors.SelectMany(e => e.Value)), Severity.Error);
            return false;
        }
    }

    private async Task SearchKnownErrorsAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var filter = new KnownErrorFilter(string.IsNullOrWhiteSpace(knownErrorText) ? null : knownErrorText.Trim(),
            knownErrorSameCategory ? details?.Incident.Category : null);
        knownErrors = (await scope.ServiceProvider.GetRequiredService<ProblemQueries>().KnownErrorsAsync(filter, 1, 10, CancellationToken.None)).Items;
        knownErrorsSearched = true;
    }

    // The caller gets the workaround as a comment; the incident joins the problem's linked incidents.
    private async Task ApplyWorkaroundAsync(KnownErrorView known)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IncidentService>().AddNoteAsync(Number, RecordNoteKind.Comment,
                $"Known error {known.Number}: {known.ShortDescription}. Workaround: {known.Workaround}", user, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<ProblemService>().LinkIncidentAsync(known.Number, Number, user, CancellationToken.None);
            Snackbar.Add($"Workaround offered; {Number} is linked to {known.Number}.", Severity.Success);
        }
        catch (RecordValidationException invalid)
        {
            Snackbar.Add(string.Join(" ", invalid.Errors.SelectMany(e => e.Value)), Severity.Warning);
        }

        await LoadAsync(resetFields: false);
    }

    public void Dispose()
    {
        closing.Cancel();
        closing.Dispose();
    }
}
