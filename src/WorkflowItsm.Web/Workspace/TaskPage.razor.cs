using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Designer;
using WorkflowItsm.Web.Forms;

namespace WorkflowItsm.Web.Workspace;

public sealed partial class TaskPage
{
    private HumanTaskForm? form;
    private TaskSubject? subject;
    private string? processName;
    private string? loadedId;
    private bool diagramOpen;
    private bool diagramRequested;
    private Dictionary<string, object?> values = [];
    private Dictionary<string, string> errors = [];
    private CamundaFormView? camundaView;
    private IReadOnlyList<string> camundaErrors = [];
    private IReadOnlyList<HumanTaskComment> comments = [];
    private ElementReference diagram;
    private DiagramModule? module;
    private int viewerId;
    private bool notFound;
    private bool busy;
    private string user = "";
    private string? assignTo;
    private string? assignToGroup;
    private IReadOnlyList<WorkflowItsm.Itsm.Directory.GroupView> groups = [];
    private string? newComment;
    private string? conflict;
    private string? approvalId;

    [Parameter] public string Id { get; set; } = "";

    private string DueText => form?.Task.DueDate is { } due ? $" · due {BrowserTime.Moment(due)}" : "";

    /// <summary>The record behind the task: its page when a module shows records numbered like it (an incident's tasks), else the process instance.</summary>
    private string RecordPage(HumanTaskView task) =>
        (task.BusinessKey is { } key ? RecordPages.Of(key) : null) ?? $"instances/{Uri.EscapeDataString(task.InstanceId)}";

    private string AssigneeText => form?.Task is not { } task ? ""
        : task.Assignee is null ? $"Offered to {task.CandidateGroups ?? task.CandidateUsers ?? "nobody"}"
        : $"Assigned to {task.Assignee}";

    /// <summary>Open, or taken by someone: claiming shows at once, although the engine's status stays Open until completion.</summary>
    private string StatusText(HumanTaskView task) => task switch
    {
        { Status: HumanTaskStatus.Open, Assignee: null } => "Open",
        { Status: HumanTaskStatus.Open } when task.Assignee == user => "Claimed by you",
        { Status: HumanTaskStatus.Open } => "Assigned",
        _ => task.Status.ToString(),
    };

    private static Color StatusColor(HumanTaskView task) => task switch
    {
        { Status: HumanTaskStatus.Open, Assignee: null } => Color.Info,
        { Status: HumanTaskStatus.Open } => Color.Primary,
        { Status: HumanTaskStatus.Completed } => Color.Success,
        _ => Color.Default,
    };

    /// <summary>Only the assignee fills and completes the form; others claim first.</summary>
    private bool CanWork => form?.Task is { Status: HumanTaskStatus.Open } task && task.Assignee == user;

    protected override async Task OnInitializedAsync() =>
        user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";

    /// <summary>Loads the task of the address; after a completion the page moves on to the next task in place.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (Id == loadedId)
        {
            return;
        }

        loadedId = Id;
        (errors, camundaErrors, conflict, assignTo, assignToGroup, newComment) = ([], [], null, null, null, null);
        await CloseDiagramAsync();
        await LoadAsync();
    }

    private Task ShowDiagramAsync(bool open)
    {
        diagramOpen = open;
        diagramRequested |= open;
        return Task.CompletedTask;
    }

    /// <summary>Another task's diagram is not this one's: the next task starts with the panel closed and draws its own.</summary>
    private async Task CloseDiagramAsync()
    {
        (diagramOpen, diagramRequested) = (false, false);
        if (module is not null)
        {
            var drawn = module;
            module = null;
            await drawn.DisposeAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (form is null || !diagramRequested || module is not null)
        {
            return;
        }

        // The process diagram with this task highlighted.
        try
        {
            module = await DiagramModule.ImportAsync(JS);
            viewerId = await module.CreateAsync(diagram, new { readOnly = true }, null);
            await using var scope = Scopes.CreateAsyncScope();
            var xml = await scope.ServiceProvider.GetRequiredService<WorkflowItsm.Runtime.Deployments.ProcessDefinitionQueries>()
                .GetXmlAsync(form.Task.DefinitionKey, form.Task.DefinitionVersion, CancellationToken.None);
            if (xml is not null && await module.InvokeAsync<string?>("open", viewerId, xml) is null)
            {
                await module.InvokeVoidAsync("showInstance", viewerId, new { tokens = new Dictionary<string, int> { [form.Task.ElementId] = 1 } });
            }
        }
        catch (Exception gone) when (gone is JSException or JSDisconnectedException or ObjectDisposedException or OperationCanceledException)
        {
            // The agent left the page before the diagram was drawn (its element, or the whole module, is gone); an error
            // here would end the whole circuit, and with it the page they went on to.
        }
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        // A task the person may not see answers as if it did not exist.
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        var visibility = await WorkflowItsm.Web.Api.TaskVisibilityFilter.ForAsync(principal, scope.ServiceProvider.GetRequiredService<WorkflowItsm.Itsm.Directory.DirectoryGroups>(), CancellationToken.None);
        if (!await scope.ServiceProvider.GetRequiredService<HumanTaskQueries>().IsVisibleAsync(Id, visibility, CancellationToken.None))
        {
            (form, notFound) = (null, true);
            return;
        }

        form = await scope.ServiceProvider.GetRequiredService<HumanTaskForms>().GetAsync(Id, CancellationToken.None);
        groups = await scope.ServiceProvider.GetRequiredService<WorkflowItsm.Itsm.Directory.DirectoryGroups>().ListAsync(CancellationToken.None);
        notFound = form is null;
        approvalId = form is { Task.Status: HumanTaskStatus.Open }
            ? await scope.ServiceProvider.GetRequiredService<WorkflowItsm.Itsm.Approvals.ApprovalService>().ApprovalOfTaskAsync(Id, CancellationToken.None)
            : null;
        if (form is not null)
        {
            values = new Dictionary<string, object?>(form.Values);
            comments = await scope.ServiceProvider.GetRequiredService<HumanTaskCommands>().ListCommentsAsync(Id, CancellationToken.None);
            var subjects = scope.ServiceProvider.GetRequiredService<TaskSubjects>();
            subject = (await subjects.OfAsync([form.Task], CancellationToken.None)).GetValueOrDefault(form.Task.Id);
            processName = (await subjects.ProcessNamesAsync([form.Task], CancellationToken.None))[(form.Task.DefinitionKey, form.Task.DefinitionVersion)];
        }
    }

    /// <summary>
    /// The next open task of the completed one's queue (its candidate groups) that the agent may see and take on:
    /// unassigned or already theirs, most urgent first; null when the queue has none left for them.
    /// </summary>
    private async Task<string?> NextTaskAsync(HumanTaskView done)
    {
        var queue = done.OfferedGroups();
        if (queue.Count == 0)
        {
            return null;
        }

        await using var scope = Scopes.CreateAsyncScope();
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        var visibility = await WorkflowItsm.Web.Api.TaskVisibilityFilter.ForAsync(principal, scope.ServiceProvider.GetRequiredService<WorkflowItsm.Itsm.Directory.DirectoryGroups>(), CancellationToken.None);
        var next = await scope.ServiceProvider.GetRequiredService<HumanTaskQueries>()
            .ListAsync(new HumanTaskFilter(CandidateGroups: queue, VisibleTo: visibility, AvailableTo: user), 1, 1, CancellationToken.None);
        return next.Items.Count > 0 ? next.Items[0].Id : null;
    }


    private async Task CompleteAsync()
    {
        busy = true;
        try
        {
            Dictionary<string, object?>? submitted;
            if (form!.CamundaForm is not null)
            {
                // form-js validates first and marks its fields; the server checks the values again on completion.
                if ((submitted = await camundaView!.SubmitAsync()) is null)
                {
                    return;
                }
            }
            else
            {
                submitted = GeneratedForm.Variables(form.Fields, values);
            }

            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(Id, submitted, user, CancellationToken.None);
            errors = [];
            // On to the next task of the same queue, or back to the inbox: a completed task has nothing left to do.
            var next = await NextTaskAsync(form.Task);
            Snackbar.Add($"{form.Task.Name ?? "Task"} completed." + (next is null ? " Nothing else in this queue for you." : " Here is the next one."), Severity.Success);
            Navigation.NavigateTo(next is null ? "tasks" : $"tasks/{Uri.EscapeDataString(next)}");
        }
        catch (FormRejectedException rejected)
        {
            // The server's messages go next to their fields (a Camunda Form lists them under the form).
            errors = GeneratedForm.ErrorsOf(rejected);
            camundaErrors = [.. rejected.Errors.Select(error => error.Message)];
        }
        catch (Exception exception) when (exception is RuntimeConflictException or RuntimeNotFoundException or TriggerRejectedException)
        {
            conflict = exception.Message;
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>The vote completed the approval task: back to the inbox.</summary>
    private void BackToInbox(WorkflowItsm.Itsm.Approvals.ApprovalView voted) => Navigation.NavigateTo("tasks");

    private Task ClaimAsync() => CommandAsync(commands => commands.ClaimAsync(Id, user, CancellationToken.None), "Claimed: the task is yours.");

    private Task UnclaimAsync() => CommandAsync(commands => commands.UnclaimAsync(Id, user, CancellationToken.None), "Unclaimed: the task is back with its groups.");

    private Task AssignAsync() => CommandAsync(commands => commands.AssignAsync(Id, assignTo!.Trim(), user, CancellationToken.None), $"Assigned to {assignTo}.");

    private Task AssignToGroupAsync() =>
        CommandAsync(commands => commands.AssignToGroupAsync(Id, assignToGroup!, user, CancellationToken.None), $"Offered to {assignToGroup}.");

    private async Task CommandAsync(Func<HumanTaskCommands, Task<HumanTaskRecord>> command, string done)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await command(scope.ServiceProvider.GetRequiredService<HumanTaskCommands>());
            conflict = null;
            Snackbar.Add(done, Severity.Success);
        }
        catch (Exception exception) when (exception is RuntimeConflictException or RuntimeNotFoundException or ArgumentException)
        {
            conflict = exception.Message;
        }

        await LoadAsync();
    }

    private async Task CommentAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HumanTaskCommands>().AddCommentAsync(Id, user, newComment!, CancellationToken.None);
        newComment = null;
        await LoadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
        {
            await module.DisposeAsync();
        }
    }
}
