using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Faults;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the durable runtime's use cases and the port for background work (<see cref="IJobs"/>, on Hangfire unless
    /// the host registered another first). The host registers the engine (AddBpmnEngine), a scoped
    /// <see cref="Persistence.WorkflowDbContext"/> (the product's context) and Hangfire's client and storage.
    /// </summary>
    public static IServiceCollection AddWorkflowRuntime(this IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddScoped<IJobs, HangfireJobs>();
        JobRetriesFilterProvider.Install();
        services.AddSingleton<DefinitionCache>();
        services.AddSingleton<Decisions.DecisionCache>();
        services.AddScoped<Decisions.DecisionDefinitions>();
        services.TryAddScoped<Bpmn.Dmn.IDecisionResolver>(provider => provider.GetRequiredService<Decisions.DecisionDefinitions>());
        // Scoped: service-task handlers resolve from the trigger's scope, e.g. to share its DbContext and transaction.
        services.AddScoped(provider => new BpmnEngine(
            provider.GetRequiredService<IScriptEngine>(),
            provider.GetRequiredService<IServiceTaskRegistry>(),
            provider.GetRequiredService<TimeProvider>(),
            decisions: provider.GetRequiredService<Bpmn.Dmn.IDecisionResolver>()));
        services.TryAddScoped<ITimerScheduler, TimerScheduler>();
        services.TryAddScoped<IAsyncContinuationScheduler, AsyncContinuationScheduler>();
        services.TryAddSingleton<RuntimeOptions>();
        services.AddScoped<WorkflowEvents>();
        services.AddScoped<WorkflowRuntime>();
        services.AddScoped<InstanceQueries>();
        services.AddScoped<HumanTaskQueries>();
        services.AddScoped<HumanTaskCommands>();
        services.AddScoped<HumanTaskForms>();
        services.AddScoped<Forms.CamundaForms>();
        services.AddScoped<HumanTasks.IHumanTaskCompletionCheck, Forms.CamundaFormCompletionCheck>();
        services.AddScoped<TimerJob>();
        services.AddScoped<TimerPumpJob>();
        services.AddScoped<TimerStartSchedules>();
        services.AddScoped<TimerStartJob>();
        services.AddScoped<Journal.JournalRetentionJob>();
        services.AddScoped<AsyncContinuationJob>();
        services.AddScoped<FaultRetryJob>();
        services.AddScoped<AsyncJobReconciliationJob>();
        services.AddScoped<FaultQueries>();
        services.AddScoped<ProcessDeployer>();
        services.AddScoped<ProcessDefinitionQueries>();
        services.AddScoped<ProcessDrafts>();
        services.AddScoped<StartForms>();
        services.AddScoped<FormFieldOptions>();
        return services;
    }
}
