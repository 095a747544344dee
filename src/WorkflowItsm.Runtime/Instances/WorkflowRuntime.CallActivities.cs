using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.Journal;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>What one step of an instance means for other instances through call activities.</summary>
internal abstract record CallActivityWork;

/// <summary>A token reached a call activity: its child starts.</summary>
internal sealed record CallActivityReached(ProcessInstanceRecord Parent, Bookmark Call) : CallActivityWork;

/// <summary>The call activity's bookmark went away (answered, interrupted or cancelled): a child still running there is cancelled.</summary>
internal sealed record CallActivityLeft(string ParentInstanceId, Bookmark Call) : CallActivityWork;

/// <summary>A child ended: its parent's call activity completes, catches its error, or fails.</summary>
internal sealed record ChildEnded(ProcessInstanceRecord Child, InstanceState State) : CallActivityWork;

/// <summary>
/// Call activities as Camunda 7 runs them: the child is one more instance that records its parent and call
/// activity. Everything happens in the transaction of the step that caused it: the step that reaches a call
/// activity starts the child, the child's last step moves the parent on, and the parent's step that leaves the
/// call activity cancels the child. A missing called process fails the call activity (a fault on the parent,
/// retried like any failed element; the retry calls the process again).
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// How deep calls may nest. A process that calls itself without end would otherwise start children for ever
    /// inside one transaction; the call activity one level too deep fails instead (a fault on that instance).
    /// </summary>
    public const int MaxCallDepth = 32;

    /// <summary>Runs the queued call-activity work, and the work that work causes, until none is left.</summary>
    private async Task RunCallActivityWorkAsync(AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        while (afterCommit.CallActivityWork.TryDequeue(out var work))
        {
            switch (work)
            {
                case CallActivityReached reached:
                    await StartChildAsync(reached.Parent, reached.Call, afterCommit, cancellationToken);
                    break;
                case CallActivityLeft left:
                    await CancelChildrenAsync(left.ParentInstanceId, left.Call, afterCommit, cancellationToken);
                    break;
                case ChildEnded ended:
                    await AnswerParentAsync(ended.Child, ended.State, afterCommit, cancellationToken);
                    break;
            }
        }
    }

    private async Task StartChildAsync(ProcessInstanceRecord parent, Bookmark call, AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        if (await CallDepthAsync(parent, cancellationToken) >= MaxCallDepth)
        {
            await TriggerParentAsync(parent, new CallActivityFaulted(call.Id, null,
                $"The call activity '{call.ElementId}' would nest calls deeper than {MaxCallDepth} levels (does a process call itself without end?)."), afterCommit, cancellationToken);
            return;
        }

        var (definitionId, notDeployed) = await ResolveCalledDefinitionAsync(parent, call, cancellationToken);
        if (definitionId is not { } id)
        {
            await TriggerParentAsync(parent, new CallActivityFaulted(call.Id, null, notDeployed!), afterCommit, cancellationToken);
            return;
        }

        var process = await definitions.GetAsync(db, id, cancellationToken);
        var definition = await db.ProcessDefinitions.AsNoTracking().Where(d => d.Id == id).Select(d => new { d.Key, d.Version }).FirstAsync(cancellationToken);
        ExecutionResult result;
        try
        {
            result = await engine.StartAsync(process,
                new StartInstanceRequest(BusinessKey: call.ChildBusinessKey, Variables: call.Inputs, Initiator: parent.StartedBy), cancellationToken);
        }
        catch (Exception refused) when (refused is FormRejectedException or TriggerRejectedException)
        {
            await TriggerParentAsync(parent, new CallActivityFaulted(call.Id, null,
                $"The call activity '{call.ElementId}' could not start process '{definition.Key}' v{definition.Version}: {refused.Message}"), afterCommit, cancellationToken);
            return;
        }

        var child = NewInstanceRecord(result, id, definition.Key, definition.Version, call.ChildBusinessKey, parent.StartedBy);
        child.ParentInstanceId = parent.Id;
        child.ParentCallActivityId = call.ElementId;
        child.ParentBookmarkId = call.Id;
        db.ProcessInstances.Add(child);
        db.Journal.Add(new JournalRecord
        {
            InstanceId = parent.Id, At = Now, Kind = "ChildInstanceStarted", ElementId = call.ElementId, TokenId = call.TokenId,
            Detail = $"{definition.Key} v{definition.Version}: {child.Id}",
        });
        await ApplyStepAsync(child, result, afterCommit, cancellationToken);
    }

    /// <summary>
    /// The deployed version the call activity's binding names: <c>latest</c>; <c>version</c> (calledElementVersion);
    /// <c>deployment</c>, the version of the key that was current when the parent's own version was deployed (so
    /// one deployment's files call each other, and a file the deployment left unchanged counts too); <c>versiontag</c>,
    /// the latest version whose process has that camunda:versionTag. Otherwise why none fits.
    /// </summary>
    private async Task<(Guid? DefinitionId, string? NotDeployed)> ResolveCalledDefinitionAsync(
        ProcessInstanceRecord parent, Bookmark call, CancellationToken cancellationToken)
    {
        var key = call.CalledElement ?? string.Empty;
        var binding = call.CalledElementBinding ?? "latest";
        var versions = db.ProcessDefinitions.AsNoTracking().Where(d => d.Key == key);
        Guid? found;
        string wanted;
        switch (binding)
        {
            case "version":
                if (!int.TryParse(call.CalledElementVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    return (null, $"The call activity '{call.ElementId}' binds version '{call.CalledElementVersion}' of process '{key}', which is not a version number.");
                }

                found = await versions.Where(d => d.Version == version).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);
                wanted = $"version {version} of process '{key}'";
                break;
            case "deployment":
                var parentDeployedAt = await db.ProcessDefinitions.AsNoTracking().Where(d => d.Id == parent.DefinitionId).Select(d => d.DeployedAt).FirstAsync(cancellationToken);
                // Few versions per key: compared here, as SQLite cannot compare DateTimeOffset values.
                var deployed = await versions.Select(d => new { d.Id, d.Version, d.DeployedAt }).ToListAsync(cancellationToken);
                found = deployed.Where(d => d.DeployedAt <= parentDeployedAt).OrderByDescending(d => d.Version).Select(d => (Guid?)d.Id).FirstOrDefault();
                wanted = $"process '{key}' as deployed with {parent.DefinitionKey} v{parent.DefinitionVersion}";
                break;
            case "versiontag":
                found = null;
                foreach (var candidate in await versions.OrderByDescending(d => d.Version).Select(d => d.Id).ToListAsync(cancellationToken))
                {
                    if ((await definitions.GetAsync(db, candidate, cancellationToken)).VersionTag == call.CalledElementVersionTag)
                    {
                        found = candidate;
                        break;
                    }
                }

                wanted = $"process '{key}' with version tag '{call.CalledElementVersionTag}'";
                break;
            default:
                found = await versions.OrderByDescending(d => d.Version).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);
                wanted = $"process '{key}'";
                break;
        }

        return found is null
            ? (null, $"The call activity '{call.ElementId}' calls {wanted}, which is not deployed. Deploy it, then retry.")
            : (found, null);
    }

    /// <summary>A child ended: its parent, when still waiting at the call activity, completes it, catches the child's BPMN error there, or fails it.</summary>
    private async Task AnswerParentAsync(ProcessInstanceRecord child, InstanceState childState, AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        var parent = await TrackedInstanceAsync(child.ParentInstanceId!, cancellationToken);
        if (parent is not { Status: InstanceRunStatus.Running })
        {
            return;
        }

        var (_, process, state) = await LoadedAsync(parent, cancellationToken);
        if (state.FindBookmark(child.ParentBookmarkId!) is not { Kind: BookmarkKind.CallActivity })
        {
            // The parent left the call activity first (it was cancelled or interrupted, which is what ended this child).
            return;
        }

        Trigger answer = child.Status switch
        {
            // A terminate end event ends the child normally (Camunda).
            InstanceRunStatus.Completed or InstanceRunStatus.Terminated => new CallActivityCompleted(child.ParentBookmarkId!, childState.Variables),
            // An error end event nobody in the child caught: thrown at the call activity, whose boundaries may catch it.
            InstanceRunStatus.Faulted when childState.Fault is { ErrorCode: { } code } fault =>
                new CallActivityFaulted(child.ParentBookmarkId!, code, fault.Message ?? $"Error '{code}' ended called instance '{child.Id}'."),
            _ => new CallActivityFaulted(child.ParentBookmarkId!, null,
                $"The called instance '{child.Id}' ({child.DefinitionKey}) was {child.Status.ToString().ToLowerInvariant()}; a retry calls the process again."),
        };
        var result = await engine.TriggerAsync(process, state, answer, cancellationToken);
        await ApplyStepAsync(parent, result, afterCommit, cancellationToken);
    }

    private async Task TriggerParentAsync(ProcessInstanceRecord parent, Trigger answer, AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        var (_, process, state) = await LoadedAsync(parent, cancellationToken);
        var result = await engine.TriggerAsync(process, state, answer, cancellationToken);
        await ApplyStepAsync(parent, result, afterCommit, cancellationToken);
    }

    /// <summary>Cancels the running children of a call activity the parent left (recursively: their own children follow).</summary>
    private async Task CancelChildrenAsync(string parentInstanceId, Bookmark call, AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        var children = db.ProcessInstances.Local.Where(i => i.ParentInstanceId == parentInstanceId && i.ParentBookmarkId == call.Id).ToList();
        children.AddRange((await db.ProcessInstances
                .Where(i => i.ParentInstanceId == parentInstanceId && i.ParentBookmarkId == call.Id && i.Status == InstanceRunStatus.Running)
                .ToListAsync(cancellationToken))
            .Except(children));
        foreach (var child in children.Where(c => c.Status == InstanceRunStatus.Running))
        {
            var (_, process, state) = await LoadedAsync(child, cancellationToken);
            var result = await engine.TriggerAsync(process, state,
                new CancelRequested($"Instance '{parentInstanceId}' left the call activity '{call.ElementId}'"), cancellationToken);
            await ApplyStepAsync(child, result, afterCommit, cancellationToken);
        }
    }

    /// <summary>How many instances up the chain of parents <paramref name="instance"/> is (0 for a top-level instance), counted to <see cref="MaxCallDepth"/> at most.</summary>
    private async Task<int> CallDepthAsync(ProcessInstanceRecord instance, CancellationToken cancellationToken)
    {
        var depth = 0;
        for (var current = instance; current.ParentInstanceId is { } parentId && depth < MaxCallDepth; depth++)
        {
            if (await TrackedInstanceAsync(parentId, cancellationToken) is not { } parent)
            {
                break;
            }

            current = parent;
        }

        return depth;
    }

    /// <summary>An instance this transaction already tracks (perhaps not stored yet), else read from the database.</summary>
    private async Task<ProcessInstanceRecord?> TrackedInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        db.ProcessInstances.Local.FirstOrDefault(i => i.Id == instanceId)
        ?? await db.ProcessInstances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
}
