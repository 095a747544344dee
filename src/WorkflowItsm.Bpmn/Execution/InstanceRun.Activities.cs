using System.Globalization;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Timers;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    private static readonly IReadOnlyDictionary<string, object?> NoValues = new Dictionary<string, object?>();

    private async ValueTask EnterActivityAsync(TokenState token, Activity activity)
    {
        var isInner = IsInnerInstance(token, activity);
        if (!isInner)
        {
            OpenBoundarySubscriptions(token, activity);
            if (activity.MultiInstance is { } loop)
            {
                StartMultiInstance(token, activity, loop);
                return;
            }
        }

        ApplyInputMappings(token, activity);
        RunExecutionListeners(token, activity, ListenerStart);
        switch (activity)
        {
            case UserTask userTask:
                CreateHumanTask(token, userTask);
                break;
            case ScriptTask scriptTask:
                RunScript(token, scriptTask);
                CompleteActivity(token, activity);
                break;
            case ServiceTask serviceTask:
                if (await RunServiceTaskAsync(token, serviceTask))
                {
                    CompleteActivity(token, activity);
                }

                break;
            case ReceiveTask { MessageRef: null } plainWait:
                // Camunda 7's receive task without a message waits until it is triggered (runtimeService.trigger).
                token.Phase = TokenPhase.Waiting;
                AddBookmark(NewBookmark(BookmarkKind.Wait, plainWait.Id, token.ScopeId, token.Id));
                break;
            case ReceiveTask receiveTask:
                token.Phase = TokenPhase.Waiting;
                OpenMessageSubscription(receiveTask.Message, receiveTask, token.ScopeId, token.Id, View(token));
                break;
            case SubProcess subProcess:
                StartSubProcess(token, subProcess);
                break;
            case CallActivity callActivity:
                StartCallActivity(token, callActivity);
                break;
            default: // none task, manual task
                CompleteActivity(token, activity);
                break;
        }
    }

    /// <summary>The activity's work is done: output mappings, close boundary subscriptions, async-after, leave.</summary>
    private void CompleteActivity(TokenState token, Activity activity)
    {
        // A multi-instance body has no listeners or mappings of its own: each inner instance ran them.
        List<CompensationRecord>? nestedCompensations = null;
        if (!IsMultiInstanceBody(token, activity))
        {
            if (activity is UserTask userTask)
            {
                RunTaskListeners(token, userTask, "complete");
            }

            var ownScope = activity is SubProcess ? FindSubProcessScope(token) : null;
            RunExecutionListeners(token, activity, ListenerEnd, ownScope);
            ApplyOutputMappings(token, activity, ownScope);
            if (ownScope is not null)
            {
                nestedCompensations = ownScope.Compensations;
                _state.Scopes.Remove(ownScope); // its local variables vanish with it
            }
        }

        token.Locals = null;
        var isInner = IsInnerInstance(token, activity);
        if (!isInner)
        {
            CloseSubscriptions(token);
            RegisterCompensation(token, activity, nestedCompensations);
        }

        // After the activity (its asyncAfter), or after this one instance (the loop characteristics' asyncAfter).
        if (isInner ? activity.MultiInstance!.AsyncAfter : activity.AsyncAfter)
        {
            ParkForContinuation(token, TokenPhase.AsyncAfter);
            return;
        }

        Leave(token, activity);
    }

    private void OpenBoundarySubscriptions(TokenState token, Activity activity)
    {
        if (activity.BoundaryEvents.Count == 0)
        {
            return;
        }

        var view = View(token);
        foreach (var boundary in activity.BoundaryEvents)
        {
            OpenSubscription(boundary.Definition, boundary, token.ScopeId, token.Id, view);
        }
    }

    /// <summary>The task's form key; a camunda:formRef becomes one, its expressions evaluated now (Camunda's task does the same).</summary>
    private string? FormKeyOf(UserTask userTask, VariableView view)
    {
        if (userTask.FormRef is not { } reference)
        {
            return userTask.FormKey;
        }

        var formId = Expressions.EvaluateString(reference.FormRef, view);
        if (string.IsNullOrWhiteSpace(formId))
        {
            throw new InvalidOperationException($"camunda:formRef '{reference.FormRef.Raw}' of '{userTask.Id}' evaluated to nothing.");
        }

        int? version = reference is { Binding: FormRefBinding.Version, Version: { } text }
            ? (int)ToLong(Expressions.Evaluate(text, view), "camunda:formRefVersion")
            : null;
        return CamundaFormKey.ForReference(formId, reference.Binding, version).ToString();
    }

    private void CreateHumanTask(TokenState token, UserTask userTask)
    {
        var view = View(token);
        var assignee = Expressions.EvaluateString(userTask.Assignee, view);
        var candidateUsers = EvaluateList(userTask.CandidateUsers, view);
        var candidateGroups = EvaluateList(userTask.CandidateGroups, view);
        var dueDate = EvaluateDate(userTask.DueDate, view);
        var followUpDate = EvaluateDate(userTask.FollowUpDate, view);
        var priority = userTask.Priority is null
            ? _services.Options.DefaultTaskPriority
            : (int)ToLong(Expressions.Evaluate(userTask.Priority, view), "priority");

        var bookmark = NewBookmark(BookmarkKind.UserTask, userTask.Id, token.ScopeId, token.Id);
        token.Phase = TokenPhase.Waiting;
        AddBookmark(bookmark);
        _result.TaskCreated(new HumanTask(bookmark.Id, _state.InstanceId, userTask.Id, userTask.Name, assignee,
            candidateUsers, candidateGroups, dueDate, followUpDate, priority, FormKeyOf(userTask, view), userTask.FormFields));
        JournalToken(JournalEntryKind.TaskCreated, token, userTask.Id, bookmark.Id);
        RunTaskListeners(token, userTask, "create");
        if (assignee is not null)
        {
            RunTaskListeners(token, userTask, "assignment");
        }

        ArmTimeoutListeners(token, userTask, view);
    }

    private void RunScript(TokenState token, ScriptTask scriptTask)
    {
        var result = Expressions.RunScript(scriptTask.ScriptFormat, scriptTask.Script ?? string.Empty, View(token));
        SetActivityResults(token, scriptTask, result.SetVariables);
        if (scriptTask.ResultVariable is { } resultVariable)
        {
            SetActivityResult(token, scriptTask, resultVariable, result.Value);
        }
    }

    /// <summary>Runs a service, send or business-rule task; false when it now waits for an external worker.</summary>
    private ValueTask<bool> RunServiceTaskAsync(TokenState token, ServiceTask task)
    {
        if (task.Decision is { } decision)
        {
            return EvaluateDecisionAsync(token, task, decision);
        }

        if (task.Implementation is { } implementation)
        {
            return InvokeImplementationAsync(token, task, implementation);
        }

        if (task.Kind == ServiceTaskKind.Send)
        {
            SendMessage(token, task, task.Message, task.MessageRef);
            return ValueTask.FromResult(true);
        }

        throw new InvalidOperationException($"The {task.ElementName} '{task.Id}' has no implementation.");
    }

    /// <summary>Calls a handler, evaluates an expression or opens an external task; false when it waits.</summary>
    private async ValueTask<bool> InvokeImplementationAsync(TokenState token, FlowNode node, ServiceImplementation implementation)
    {
        switch (implementation.Kind)
        {
            case ImplementationKind.External:
                var bookmark = NewBookmark(BookmarkKind.ExternalTask, node.Id, token.ScopeId, token.Id);
                bookmark.Topic = implementation.Value;
                bookmark.Inputs = token.Locals is null ? null : new Dictionary<string, object?>(token.Locals, StringComparer.Ordinal);
                token.Phase = TokenPhase.Waiting;
                AddBookmark(bookmark);
                return false;
            case ImplementationKind.Expression:
                var value = Expressions.Evaluate(new ExpressionText(implementation.Value), View(token));
                if (implementation.ResultVariable is { } resultVariable)
                {
                    SetActivityResult(token, node, resultVariable, value);
                }

                return true;
            default:
                var name = implementation.HandlerName!;
                var handler = _services.Handlers(name)
                    ?? throw new InvalidOperationException($"No service-task handler is registered as '{name}'.");
                var context = new ServiceTaskContext(_state.InstanceId, _state.BusinessKey, node.Id,
                    // Copies: the handler may keep them, and the locals change when its outputs arrive.
                    token.Locals is null ? NoValues : new Dictionary<string, object?>(token.Locals, StringComparer.Ordinal),
                    View(token).Snapshot())
                {
                    Fields = EvaluateFields(implementation, token),
                };
                var result = await handler.ExecuteAsync(context, _cancellation);
                SetActivityResults(token, node, result.Outputs);
                return true;
        }
    }

    private IReadOnlyDictionary<string, object?> EvaluateFields(ServiceImplementation implementation, TokenState token)
    {
        if (implementation.Fields.Count == 0)
        {
            return NoValues;
        }

        var view = View(token);
        var fields = new Dictionary<string, object?>(implementation.Fields.Count, StringComparer.Ordinal);
        foreach (var field in implementation.Fields)
        {
            fields[field.Name] = field.IsExpression ? Expressions.Evaluate(new ExpressionText(field.Text), view) : field.Text;
        }

        return fields;
    }

    private void StartCallActivity(TokenState token, CallActivity callActivity)
    {
        var view = View(token);
        var calledElement = Expressions.EvaluateString(callActivity.CalledElement, view)
            ?? throw new InvalidOperationException($"The call activity '{callActivity.Id}' names no process.");
        var locals = CallActivityLocals(token, callActivity);
        var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        string? businessKey = null;
        foreach (var mapping in callActivity.InMappings)
        {
            if (mapping.BusinessKey is { } key)
            {
                // Camunda Modeler's "business key" switch writes #{execution.processBusinessKey}: pass ours on.
                businessKey = key.Raw.Contains("processBusinessKey", StringComparison.Ordinal)
                    ? _state.BusinessKey
                    : Expressions.EvaluateString(key, view);
            }
            else if (mapping.AllVariables)
            {
                foreach (var (name, value) in mapping.Local ? locals : view.Snapshot())
                {
                    inputs[name] = value;
                }
            }
            else if (mapping.SourceExpression is { } expression)
            {
                inputs[mapping.Target ?? string.Empty] = Expressions.Evaluate(expression, view);
            }
            else if (mapping.Source is { } source)
            {
                // Camunda passes a variable that does not exist as null.
                var found = mapping.Local ? locals.TryGetValue(source, out var sourceValue) : view.TryGetVariable(source, out sourceValue);
                inputs[mapping.Target ?? source] = found ? sourceValue : null;
            }
        }

        var bookmark = NewBookmark(BookmarkKind.CallActivity, callActivity.Id, token.ScopeId, token.Id);
        bookmark.CalledElement = calledElement;
        bookmark.CalledElementBinding = callActivity.Binding.ToString().ToLowerInvariant();
        bookmark.CalledElementVersion = Expressions.EvaluateString(callActivity.CalledElementVersion, view);
        bookmark.CalledElementVersionTag = Expressions.EvaluateString(callActivity.CalledElementVersionTag, view);
        bookmark.ChildBusinessKey = businessKey;
        bookmark.Inputs = inputs;
        token.Phase = TokenPhase.Waiting;
        AddBookmark(bookmark);
        JournalToken(JournalEntryKind.CallActivityStarted, token, callActivity.Id, calledElement);
    }

    /// <summary>
    /// The call activity's own variables, for mappings with <c>local="true"</c>: its input parameters, and for an
    /// inner instance of a multi-instance call activity the inner instance's variables (element variable, loopCounter).
    /// </summary>
    private Dictionary<string, object?> CallActivityLocals(TokenState token, CallActivity callActivity)
    {
        var locals = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (IsInnerInstance(token, callActivity))
        {
            foreach (var (name, value) in ScopeOf(token).Variables)
            {
                locals[name] = value;
            }
        }

        foreach (var (name, value) in token.Locals ?? NoValues)
        {
            locals[name] = value;
        }

        return locals;
    }

    /// <summary>
    /// Applies a finished child's variables through the call activity's out mappings. With <c>local="true"</c> they
    /// become locals of the call activity (for its output parameters), as in Camunda.
    /// </summary>
    private void ApplyCallActivityOutputs(TokenState token, CallActivity callActivity, IReadOnlyDictionary<string, object?> childVariables)
    {
        var childScope = new FlatVariableScope(childVariables);
        foreach (var mapping in callActivity.OutMappings)
        {
            if (mapping.AllVariables)
            {
                foreach (var (name, value) in childVariables)
                {
                    SetCallActivityResult(token, callActivity, mapping, name, value);
                }
            }
            else if (mapping.SourceExpression is { } expression)
            {
                SetCallActivityResult(token, callActivity, mapping, mapping.Target ?? string.Empty, Expressions.Evaluate(expression, childScope));
            }
            else if (mapping.Source is { } source)
            {
                SetCallActivityResult(token, callActivity, mapping, mapping.Target ?? source, childVariables.GetValueOrDefault(source));
            }
        }
    }

    private void SetCallActivityResult(TokenState token, CallActivity callActivity, CallVariableMapping mapping, string name, object? value)
    {
        if (mapping.Local)
        {
            (token.Locals ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;
        }
        else
        {
            SetActivityResult(token, callActivity, name, value);
        }
    }

    private void SendMessage(TokenState token, FlowNode node, MessageDeclaration? message, string? messageRef)
    {
        var view = View(token);
        var name = message?.Name is { } messageName ? Expressions.EvaluateString(messageName, view) : message?.Id ?? messageRef;
        var correlationKey = node.Properties.TryGetValue("correlationKey", out var key)
            ? Expressions.EvaluateString(new ExpressionText(key), view)
            : null;
        _result.Messages.Add(new SentMessage(name ?? node.Id, node.Id, correlationKey, token.Locals));
        JournalToken(JournalEntryKind.MessageSent, token, node.Id, name);
    }

    private string[] EvaluateList(ExpressionText? text, IVariableScope view)
    {
        switch (text is null ? null : Expressions.Evaluate(text, view))
        {
            case null:
                return [];
            case string csv:
                return csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            case IEnumerable<object?> items:
                return items.Select(ExpressionEvaluator.ToText).OfType<string>().ToArray();
            case var other:
                return [ExpressionEvaluator.ToText(other)!];
        }
    }

    /// <summary>A due or follow-up date: an ISO date-time, or an ISO duration counted from now.</summary>
    private DateTimeOffset? EvaluateDate(ExpressionText? text, IVariableScope view)
    {
        var value = text is null ? null : Expressions.Evaluate(text, view);
        switch (value)
        {
            case null:
                return null;
            case DateTimeOffset date:
                return date;
            case string s when s.StartsWith('P'):
                return _services.ParseTimer(TimerKind.Duration, s, text!.IsLiteral).NextDue(_now, 0);
            case string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                return parsed;
            default:
                throw new InvalidOperationException($"'{value}' is neither an ISO-8601 date-time nor a duration.");
        }
    }

    private static long ToLong(object? value, string what) => value switch
    {
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new InvalidOperationException($"The {what} '{value}' is not a whole number."),
    };
}
