using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;
using WorkflowItsm.Bpmn.Validation;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Web.Designer;

public sealed partial class DesignerPage
{
    private ElementReference host;
    private DiagramModule? module;
    private DotNetObjectReference<DesignerPage>? self;
    private int designerId;
    private int revision;
    private bool dirty;
    private bool busy;
    private string source = "";
    private string? comment;
    private string? conflict;
    private string? loadError;
    private List<DeploymentProblem> problems = [];
    private DiagramElementNames names = DiagramElementNames.Empty;
    private IReadOnlyList<ProcessVersionSummary> versions = [];

    [Parameter] public string Key { get; set; } = "";

    /// <summary>Shows this version read-only.</summary>
    [SupplyParameterFromQuery] public int? Version { get; set; }

    private bool IsReadOnly => Version is not null;

    private string Status => dirty ? $"{source} · unsaved changes" : source;

    private string ProblemSummary
    {
        get
        {
            var errors = problems.Count(p => p.IsError);
            return errors > 0
                ? $"{errors} error(s) and {problems.Count - errors} warning(s): fix the errors to publish."
                : $"{problems.Count} warning(s): publishing is allowed.";
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        module = await DiagramModule.ImportAsync(JS);
        self = DotNetObjectReference.Create(this);
        // The palette offers the host's own service-task handlers as element templates with typed fields.
        var templates = WorkflowItsm.Bpmn.ServiceTasks.ElementTemplateGenerator.GenerateJson(Handlers.Handlers);
        designerId = await module.CreateAsync(host, new { readOnly = IsReadOnly, templates }, self);
        await LoadAsync();
        StateHasChanged();
    }

    /// <summary>The draft when there is one, else the latest version, else a new diagram; read-only: the asked version.</summary>
    private async Task LoadAsync()
    {
        versions = await Use((ProcessDefinitionQueries q) => q.ListVersionsAsync(Key, CancellationToken.None));
        string? error;
        if (IsReadOnly)
        {
            var xml = await Use((ProcessDefinitionQueries q) => q.GetXmlAsync(Key, Version, CancellationToken.None));
            source = xml is null ? "no such version" : $"version {Version} (read-only)";
            error = xml is null ? $"Process '{Key}' has no version {Version}." : await module!.InvokeAsync<string?>("open", designerId, xml);
        }
        else if (await Use((ProcessDrafts d) => d.GetAsync(Key, CancellationToken.None)) is { } draft)
        {
            revision = draft.Revision;
            source = $"draft revision {draft.Revision}" + (draft.PublishedVersion is { } published ? $" (published as v{published})" : "");
            error = await module!.InvokeAsync<string?>("open", designerId, draft.Xml);
        }
        else if (versions.Count > 0)
        {
            revision = 0;
            source = $"version {versions[0].Version}, no draft yet";
            error = await module!.InvokeAsync<string?>("open", designerId, await Use((ProcessDefinitionQueries q) => q.GetXmlAsync(Key, versions[0].Version, CancellationToken.None)));
        }
        else
        {
            revision = 0;
            source = "new process";
            error = await module!.InvokeAsync<string?>("openNew", designerId, Key, Key);
        }

        dirty = false;
        loadError = error;
        if (error is null && !IsReadOnly)
        {
            await CheckAsync();
        }
    }

    /// <summary>
    /// Opens a .bpmn file as the new content of the draft (saved when the owner saves). A file that cannot be read
    /// leaves the diagram as it was and lists its problems.
    /// </summary>
    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        string xml;
        try
        {
            using var reader = new StreamReader(file.OpenReadStream(ProcessDrafts.MaxXmlLength));
            xml = await reader.ReadToEndAsync();
        }
        catch (IOException exception)
        {
            Snackbar.Add($"{file.Name} was not opened: {exception.Message}", Severity.Error);
            return;
        }

        var found = await Use((ProcessDrafts d) => Task.FromResult(d.Check(Key, xml)));
        var designer = module!;
        var previous = await designer.InvokeAsync<string>("xml", designerId);
        var error = found.Any(p => p.Code is BpmnProblemCodes.MalformedXml or BpmnProblemCodes.DocumentTooLarge or BpmnProblemCodes.NestingTooDeep
                or BpmnProblemCodes.DtdProhibited or BpmnProblemCodes.NotBpmn)
            ? string.Join(" ", found.Where(p => p.IsError).Select(p => p.Message))
            : await designer.InvokeAsync<string?>("open", designerId, xml);
        if (error is not null)
        {
            await designer.InvokeAsync<string?>("open", designerId, previous);
            await ShowProblemsAsync(found, xml);
            Snackbar.Add($"{file.Name} was not opened: {error} The diagram is as it was.", Severity.Error);
            return;
        }

        dirty = true;
        await ShowProblemsAsync(found, xml);
        Snackbar.Add($"{file.Name} opened; save the draft to keep it.", Severity.Info);
    }

    /// <summary>When the stored draft cannot be shown: open the latest version instead (the draft stays until saved over).</summary>
    private async Task OpenLatestVersionAsync()
    {
        var xml = await Use((ProcessDefinitionQueries q) => q.GetXmlAsync(Key, versions[0].Version, CancellationToken.None));
        loadError = await module!.InvokeAsync<string?>("open", designerId, xml);
        if (loadError is null)
        {
            dirty = true;
            await CheckAsync();
        }
    }

    /// <summary>Called by the designer (debounced) whenever the diagram changes: problems follow the owner's edits.</summary>
    [JSInvokable]
    public async Task DiagramChanged()
    {
        dirty = true;
        await CheckAsync();
        StateHasChanged();
    }

    private async Task CheckAsync()
    {
        var xml = await module!.InvokeAsync<string>("xml", designerId);
        await ShowProblemsAsync(await Use((ProcessDrafts d) => Task.FromResult(d.Check(Key, xml))), xml);
    }

    /// <summary>Lists the problems of <paramref name="xml"/> by the names its elements have, and marks them on the diagram.</summary>
    private async Task ShowProblemsAsync(IReadOnlyList<DeploymentProblem> found, string xml)
    {
        problems = found.OrderByDescending(p => p.IsError).ToList();
        names = DiagramElementNames.Read(xml);
        await module!.InvokeVoidAsync("setProblems", designerId,
            problems.Select(p => new { elementId = p.ElementId, message = $"{names.NameIdsIn(p.Message)} ({p.Code})", isError = p.IsError }));
    }

    private async Task SelectAsync(DeploymentProblem problem)
    {
        if (problem.ElementId is not null)
        {
            await module!.InvokeAsync<bool>("select", designerId, problem.ElementId);
        }
    }

    private async Task<bool> SaveAsync()
    {
        busy = true;
        try
        {
            var xml = await module!.InvokeAsync<string>("xml", designerId);
            var user = await UserNameAsync();
            var draft = await Use((ProcessDrafts d) => d.SaveAsync(Key, xml, revision, user, CancellationToken.None));
            revision = draft.Revision;
            source = $"draft revision {draft.Revision}";
            dirty = false;
            conflict = null;
            Snackbar.Add($"Draft saved (revision {draft.Revision}).", Severity.Success);
            return true;
        }
        catch (DraftConflictException exception)
        {
            conflict = exception.Message;
            return false;
        }
        catch (DraftRejectedException exception)
        {
            Snackbar.Add(exception.Message, Severity.Error);
            return false;
        }
        finally
        {
            busy = false;
        }
    }

    private async Task PublishAsync()
    {
        if ((dirty || revision == 0) && !await SaveAsync())
        {
            return;
        }

        busy = true;
        try
        {
            var user = await UserNameAsync();
            var deployed = await Use((ProcessDrafts d) => d.PublishAsync(Key, revision, comment, user, CancellationToken.None));
            Snackbar.Add(deployed.IsNewVersion ? $"Published version {deployed.Version}." : $"Nothing changed since version {deployed.Version}.", Severity.Success);
            source = $"draft revision {revision} (published as v{deployed.Version})";
            comment = null;
            versions = await Use((ProcessDefinitionQueries q) => q.ListVersionsAsync(Key, CancellationToken.None));
        }
        catch (DeploymentRejectedException rejected)
        {
            await ShowProblemsAsync(rejected.Problems, await module!.InvokeAsync<string>("xml", designerId));
            Snackbar.Add($"Not published: {rejected.Problems.Count(p => p.IsError)} error(s) remain.", Severity.Error);
        }
        catch (DraftConflictException exception)
        {
            conflict = exception.Message;
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>Starts an instance of the shown (or latest) version as the signed-in owner and opens it in the instance viewer.</summary>
    private async Task StartInstanceAsync()
    {
        busy = true;
        try
        {
            var command = new WorkflowItsm.Runtime.Instances.StartProcessCommand(Key, Version ?? versions[0].Version, StartedBy: await UserNameAsync());
            var instance = await Use((WorkflowItsm.Runtime.Instances.WorkflowRuntime runtime) => runtime.StartAsync(command, CancellationToken.None));
            Navigation.NavigateTo($"instances/{Uri.EscapeDataString(instance.Id)}");
        }
        catch (Exception exception) when (exception is WorkflowItsm.Runtime.Instances.RuntimeNotFoundException or WorkflowItsm.Bpmn.Execution.FormRejectedException)
        {
            Snackbar.Add($"Not started: {exception.Message}", Severity.Error);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task DownloadAsync()
    {
        var xml = await module!.InvokeAsync<string>("xml", designerId);
        await module!.InvokeVoidAsync("download", IsReadOnly ? $"{Key}-v{Version}.bpmn" : $"{Key}.bpmn", xml);
    }

    private async Task ReloadAsync()
    {
        conflict = null;
        await LoadAsync();
    }

    /// <summary>Each operation gets its own scope (and DbContext): a circuit lives for hours, and a long-lived context would serve stale rows.</summary>
    private async Task<TResult> Use<TService, TResult>(Func<TService, Task<TResult>> action) where TService : notnull
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task<string?> UserNameAsync() => (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name;

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
        {
            await module.DisposeAsync();
        }

        self?.Dispose();
    }
}
