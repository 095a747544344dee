using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.HumanTasks;

/// <summary>A task with the form its user task declares (<c>camunda:formData</c>) and the values to start from.</summary>
/// <param name="Values">Per field: the process variable of the same name when set, else the field's default.</param>
public sealed record HumanTaskForm(HumanTaskView Task, string? ElementName, IReadOnlyList<FormField> Fields, IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>The Camunda Form (form-js) the task shows instead of generated fields, when its form key names one that is deployed.</summary>
    public Forms.CamundaForm? CamundaForm { get; init; }

    /// <summary>The instance's variables, the data a Camunda Form starts from (as Camunda's task list gives it).</summary>
    public IReadOnlyDictionary<string, object?> Variables { get; init; } = new Dictionary<string, object?>();

    /// <summary>Which form is missing, in an operator's words, when the form key names a Camunda Form that is not deployed.</summary>
    public string? MissingForm { get; init; }
}

/// <summary>Reads the generated form of a task: the fields come from the task's definition version, the values from its instance.</summary>
public sealed class HumanTaskForms(WorkflowDbContext db, DefinitionCache definitions, HumanTaskQueries tasks, FormFieldOptions options, Forms.CamundaForms camundaForms)
{
    /// <summary>Null when there is no such task.</summary>
    public async Task<HumanTaskForm?> GetAsync(string taskId, CancellationToken cancellationToken)
    {
        var task = await tasks.GetAsync(taskId, cancellationToken);
        if (task is null)
        {
            return null;
        }

        var instance = await db.ProcessInstances.AsNoTracking()
            .Where(i => i.Id == task.InstanceId)
            .Select(i => new { i.DefinitionId, i.StateJson })
            .FirstAsync(cancellationToken);
        var process = await definitions.GetAsync(db, instance.DefinitionId, cancellationToken);
        var userTask = process.AllNodes.OfType<UserTask>().FirstOrDefault(n => n.Id == task.ElementId);
        var fields = await options.ResolveAsync(userTask?.FormFields ?? [], cancellationToken);
        var variables = InstanceStateSerializer.Deserialize(instance.StateJson).Variables;
        var values = fields.ToDictionary(f => f.Id, f => variables.TryGetValue(f.Id, out var value) ? value : f.TypedDefaultValue);
        var formKeyText = userTask?.FormRef is null && !CamundaFormKey.IsCamundaForm(userTask?.FormKey)
            ? null // the model names no Camunda Form: no look-up
            : await db.HumanTasks.AsNoTracking().Where(t => t.Id == task.Id).Select(t => t.FormKey).FirstOrDefaultAsync(cancellationToken);
        if (CamundaFormKey.Parse(formKeyText) is not { } formKey)
        {
            return new HumanTaskForm(task, userTask?.Name, fields, values);
        }

        var camundaForm = await camundaForms.ForDefinitionAsync(formKeyText, instance.DefinitionId, cancellationToken);
        return new HumanTaskForm(task, userTask?.Name, fields, values)
        {
            CamundaForm = camundaForm,
            Variables = variables,
            MissingForm = camundaForm is null ? formKey.Describe() : null,
        };
    }
}
