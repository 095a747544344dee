using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>What the person who reported an incident may do with it.</summary>
public enum CallerAction
{
    /// <summary>The resolution works: the incident closes.</summary>
    Confirm,

    /// <summary>It still does not work: the incident goes back to the desk.</summary>
    Reopen,

    /// <summary>Not needed any more: the incident is cancelled.</summary>
    Withdraw,
}

/// <summary>An action the incident's state does not offer its caller now (the API answers 409).</summary>
public sealed class CallerActionRefusedException(string number, IncidentState state, CallerAction action)
    : RecordConflictException($"{number} is {IncidentWords.StateForCaller(state).ToLowerInvariant()}: it cannot be {IncidentWords.Done(action)} now.")
{
    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?>
    {
        ["state"] = state.ToString(),
        ["allowedActions"] = IncidentCaller.ActionsIn(state).Select(a => a.ToString()).ToArray(),
    };
}

/// <summary>
/// The reporter's side of an incident (the portal's request page and /api/my-requests): confirm a resolution, say it
/// still does not work, withdraw one still open, and comment. Confirming or reopening answers the caller's open task
/// in the record's workflow (incident-triage's "Confirm resolution": a boolean "accepted" and a
/// "confirmationComment"), so the process takes its own path — closing, or reopening with the desk told; without such
/// a task the record moves directly. The caller's words are also kept as a comment the desk reads on the record.
/// Somebody else's incident is not found, exactly like one that does not exist.
/// </summary>
public sealed class IncidentCaller(ItsmDbContext db, IncidentService incidents, WorkflowRuntime runtime)
{
    public static IReadOnlyList<CallerAction> ActionsIn(IncidentState state) => state switch
    {
        IncidentState.Resolved => [CallerAction.Confirm, CallerAction.Reopen],
        IncidentState.New or IncidentState.InProgress or IncidentState.OnHold => [CallerAction.Withdraw],
        _ => [],
    };

    /// <summary>
    /// Checks that <paramref name="caller"/> may move her own incident to <paramref name="to"/> on the record (the
    /// incidents API): closing is confirming, In progress is reopening, Cancelled is withdrawing; anything else is the desk's.
    /// </summary>
    /// <exception cref="RecordNotFoundException">No such incident, or not the caller's.</exception>
    /// <exception cref="RecordValidationException">A state the caller never sets.</exception>
    /// <exception cref="CallerActionRefusedException">The incident's state does not offer that action now.</exception>
    public async Task EnsureMayMoveAsync(string number, string caller, IncidentState to, CancellationToken cancellationToken)
    {
        CallerAction? action = to switch
        {
            IncidentState.Closed => CallerAction.Confirm,
            IncidentState.InProgress => CallerAction.Reopen,
            IncidentState.Cancelled => CallerAction.Withdraw,
            _ => null,
        };
        await OwnAsync(number, caller, action, cancellationToken);
        if (action is null)
        {
            var errors = new FieldErrors();
            errors.Add("state", "You may confirm a resolution (Closed), reopen it (InProgress) or withdraw your incident (Cancelled).");
            errors.ThrowIfAny(IncidentService.Kind);
        }
    }

    /// <exception cref="RecordNotFoundException">No such incident, or not the caller's.</exception>
    /// <exception cref="CallerActionRefusedException">It is not resolved.</exception>
    public Task ConfirmAsync(string number, string caller, string? comment, CancellationToken cancellationToken) =>
        AnswerAsync(number, caller, accepted: true, comment, cancellationToken);

    /// <exception cref="RecordNotFoundException">No such incident, or not the caller's.</exception>
    /// <exception cref="CallerActionRefusedException">It is not resolved.</exception>
    /// <exception cref="RecordValidationException">No word on what still does not work.</exception>
    public Task ReopenAsync(string number, string caller, string? comment, CancellationToken cancellationToken) =>
        AnswerAsync(number, caller, accepted: false, comment, cancellationToken);

    /// <exception cref="RecordNotFoundException">No such incident, or not the caller's.</exception>
    /// <exception cref="CallerActionRefusedException">It is resolved, closed or cancelled already.</exception>
    public async Task WithdrawAsync(string number, string caller, string? reason, CancellationToken cancellationToken)
    {
        var incident = await OwnAsync(number, caller, CallerAction.Withdraw, cancellationToken);
        CheckComment(reason, required: false);
        await incidents.TransitionAsync(incident.Number, new IncidentTransition(IncidentState.Cancelled), caller, cancellationToken);
        await KeepWordsAsync(incident.Number, "Withdrawn", reason, caller, cancellationToken);
    }

    /// <summary>A comment from the caller, which the desk reads on the record (any state: a closed one may be asked about).</summary>
    /// <exception cref="RecordNotFoundException">No such incident, or not the caller's.</exception>
    /// <exception cref="RecordValidationException">Empty or too long.</exception>
    public async Task<RecordNote> CommentAsync(string number, string caller, string? text, CancellationToken cancellationToken)
    {
        var incident = await OwnAsync(number, caller, action: null, cancellationToken);
        return await incidents.AddNoteAsync(incident.Number, RecordNoteKind.Comment, text, caller, cancellationToken);
    }

    private async Task AnswerAsync(string number, string caller, bool accepted, string? comment, CancellationToken cancellationToken)
    {
        var incident = await OwnAsync(number, caller, accepted ? CallerAction.Confirm : CallerAction.Reopen, cancellationToken);
        CheckComment(comment, required: !accepted);
        var task = incident.ProcessInstanceId is { } instance
            ? await db.HumanTasks.AsNoTracking()
                .Where(t => t.InstanceId == instance && t.Status == HumanTaskStatus.Open && t.Assignee == caller)
                .OrderBy(t => t.CreatedAt).Select(t => t.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (task is not null)
        {
            await runtime.CompleteTaskAsync(task, new Dictionary<string, object?>
            {
                ["accepted"] = accepted,
                ["confirmationComment"] = RecordText.TrimmedOrNull(comment),
            }, caller, cancellationToken);
        }
        else
        {
            await incidents.TransitionAsync(incident.Number, new IncidentTransition(accepted ? IncidentState.Closed : IncidentState.InProgress), caller, cancellationToken);
        }

        await KeepWordsAsync(incident.Number, accepted ? "Confirmed: it works again" : "Still not working", comment, caller, cancellationToken);
    }

    private async Task<Incident> OwnAsync(string number, string caller, CallerAction? action, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Number == number, cancellationToken);
        if (incident is null || incident.Caller != caller)
        {
            throw RecordNotFoundException.For(IncidentService.Kind, number);
        }

        if (action is { } asked && !ActionsIn(incident.State).Contains(asked))
        {
            throw new CallerActionRefusedException(incident.Number, incident.State, asked);
        }

        return incident;
    }

    private static void CheckComment(string? comment, bool required)
    {
        var errors = new FieldErrors();
        if (required && string.IsNullOrWhiteSpace(comment))
        {
            errors.Add("comment", "Say what still does not work, so the desk can pick it up.");
        }

        errors.Length("comment", comment, IncidentService.NoteLength - 50); // room for the words kept with it
        errors.ThrowIfAny(IncidentService.Kind);
    }

    // The caller's answer, in their words, where the desk reads the record's conversation.
    private async Task KeepWordsAsync(string number, string what, string? comment, string caller, CancellationToken cancellationToken) =>
        await incidents.AddNoteAsync(number, RecordNoteKind.Comment, string.IsNullOrWhiteSpace(comment) ? what + "." : $"{what}: {comment.Trim()}", caller, cancellationToken);
}
