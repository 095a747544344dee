using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    private Bookmark NewBookmark(BookmarkKind kind, string elementId, string scopeId, string? tokenId) => new()
    {
        Id = _services.Ids.NewId(),
        Kind = kind,
        ElementId = elementId,
        ScopeId = scopeId,
        TokenId = tokenId,
    };

    private void AddBookmark(Bookmark bookmark)
    {
        _state.Bookmarks.Add(bookmark);
        _result.BookmarkCreated(bookmark);
        if (bookmark.Kind == BookmarkKind.Conditional)
        {
            _freshConditionals.Add(bookmark);
        }

        if (bookmark.Kind == BookmarkKind.Timer)
        {
            _result.TimerScheduled(bookmark);
            JournalBookmark(JournalEntryKind.TimerScheduled, bookmark, bookmark.Due?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private void RemoveBookmark(Bookmark bookmark, bool consumed)
    {
        if (_state.Bookmarks.Remove(bookmark))
        {
            _result.BookmarkRemoved(bookmark, consumed);
        }
    }

    /// <summary>Cancels every bookmark the token holds (its task, its catch or its boundary subscriptions).</summary>
    private void CloseSubscriptions(TokenState token)
    {
        for (var i = _state.Bookmarks.Count - 1; i >= 0; i--)
        {
            if (_state.Bookmarks[i].TokenId == token.Id)
            {
                RemoveBookmark(_state.Bookmarks[i], consumed: false);
            }
        }
    }

    /// <summary>
    /// Opens the subscription of a catching event: a timer, message or signal bookmark. Error and escalation
    /// catchers need none; they are found from the definition when something is thrown.
    /// </summary>
    private void OpenSubscription(EventDefinition? definition, FlowNode element, string scopeId, string? tokenId, IVariableScope view)
    {
        switch (definition)
        {
            case TimerEventDefinition timer:
                AddBookmark(ArmTimer(timer, element, scopeId, tokenId, view));
                break;
            case MessageEventDefinition message:
                OpenMessageSubscription(message.Message, element, scopeId, tokenId, view);
                break;
            case SignalEventDefinition signal:
                var bookmark = NewBookmark(BookmarkKind.Signal, element.Id, scopeId, tokenId);
                bookmark.SignalName = signal.Signal?.Name ?? signal.SignalRef;
                AddBookmark(bookmark);
                break;
            case ConditionalEventDefinition:
                AddBookmark(NewBookmark(BookmarkKind.Conditional, element.Id, scopeId, tokenId)); // evaluated after this step
                break;
        }
    }

    private void OpenMessageSubscription(MessageDeclaration? message, FlowNode element, string scopeId, string? tokenId, IVariableScope view)
    {
        var bookmark = NewBookmark(BookmarkKind.Message, element.Id, scopeId, tokenId);
        bookmark.MessageName = message?.Name is { } name ? Expressions.EvaluateString(name, view) : message?.Id;

        // Camunda 7 has no correlation key in BPMN; a camunda:property "correlationKey" supplies one, else the business key.
        bookmark.CorrelationKey = element.Properties.TryGetValue("correlationKey", out var key)
            ? Expressions.EvaluateString(new ExpressionText(key), view)
            : _state.BusinessKey;
        AddBookmark(bookmark);
    }

    private Bookmark ArmTimer(TimerEventDefinition timer, FlowNode element, string scopeId, string? tokenId, IVariableScope view)
    {
        if (timer.Kind is not { } kind || timer.Value is null)
        {
            throw new InvalidOperationException($"The timer of '{element.Id}' has no date, duration or cycle.");
        }

        var text = _services.TimerText(timer.Value, view, Expressions.Language);
        var schedule = _services.ParseTimer(kind, text, timer.Value.IsLiteral);
        var bookmark = NewBookmark(BookmarkKind.Timer, element.Id, scopeId, tokenId);
        bookmark.TimerKind = kind;
        bookmark.TimerText = text;
        bookmark.Due = schedule.NextDue(_now, 0)
            ?? throw new InvalidOperationException($"The timer '{text}' of '{element.Id}' is never due.");
        return bookmark;
    }

    /// <summary>
    /// After a non-interrupting catcher fired: a timer cycle is re-armed for its next occurrence, a one-off timer is
    /// used up, message and signal subscriptions stay open while their activity or scope lives.
    /// </summary>
    private void KeepOrRearm(Bookmark bookmark)
    {
        if (bookmark.Kind != BookmarkKind.Timer)
        {
            return;
        }

        bookmark.FiredCount++;
        var schedule = bookmark.TimerKind is { } kind && bookmark.TimerText is { } text
            ? _services.ParseTimer(kind, text, isLiteral: false)
            : null;
        var next = schedule is { IsRepeating: true } ? schedule.NextDue(bookmark.Due ?? _now, bookmark.FiredCount) : null;
        if (next is null)
        {
            RemoveBookmark(bookmark, consumed: true);
            return;
        }

        bookmark.Due = next;
        _result.TimerScheduled(bookmark);
        JournalBookmark(JournalEntryKind.TimerScheduled, bookmark, next.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    private void ParkForContinuation(TokenState token, TokenPhase phase)
    {
        token.Phase = phase;
        AddBookmark(NewBookmark(BookmarkKind.AsyncContinuation, token.ElementId, token.ScopeId, token.Id));
        JournalToken(JournalEntryKind.AsyncContinuationScheduled, token, token.ElementId, phase == TokenPhase.AsyncBefore ? "before" : "after");
    }
}
