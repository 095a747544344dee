using Microsoft.Extensions.Logging;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Runtime.HumanTasks;

namespace WorkflowItsm.Runtime.Forms;

/// <summary>
/// A task that shows a Camunda Form completes only with values its form accepts (required fields, lengths, ranges,
/// patterns, offered options), whichever way it is completed: the task page, the API or a domain service.
/// </summary>
public sealed partial class CamundaFormCompletionCheck(CamundaForms forms, ILogger<CamundaFormCompletionCheck> logger) : IHumanTaskCompletionCheck
{
    public async Task CheckAsync(HumanTaskRecord task, IReadOnlyDictionary<string, object?>? variables, string? completedBy, CancellationToken cancellationToken)
    {
        if (!CamundaFormKey.IsCamundaForm(task.FormKey))
        {
            return;
        }

        if (await forms.ForInstanceAsync(task.FormKey, task.InstanceId, cancellationToken) is not { } form)
        {
            // Nothing to check against: the task page says the form is missing; refusing here would strand the task.
            LogFormMissing(task.Id, task.FormKey!);
            return;
        }

        if (CamundaFormSchema.Validate(form.Inputs, variables) is { Count: > 0 } errors)
        {
            throw new FormRejectedException(errors);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} was completed without its form being checked: no Camunda Form is deployed for '{FormKey}'.")]
    private partial void LogFormMissing(string taskId, string formKey);
}
