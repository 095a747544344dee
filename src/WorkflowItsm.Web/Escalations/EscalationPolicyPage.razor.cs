using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Escalations;

public sealed class TargetForm
{
    public EscalationTargetKind Kind { get; set; } = EscalationTargetKind.OnCall;
    public int? ScheduleId { get; set; }
    public OnCallLayerKind Layer { get; set; } = OnCallLayerKind.Primary;
    public string? UserName { get; set; }
    public string? GroupKey { get; set; }

    public NewEscalationTarget ToInput() => new() { Kind = Kind, ScheduleId = ScheduleId, Layer = Layer, UserName = UserName, GroupKey = GroupKey };
}

public sealed class LevelForm
{
    public int? TimeoutMinutes { get; set; } = 5;
    public List<TargetForm> Targets { get; set; } = [new()];
}

/// <summary>
/// One escalation policy: admins edit its name, attachments (SLA definition, service, priority), triggers, repeats
/// and levels with their targets and timeouts (each refused field is said beside it), or make a new one; the rest of
/// the staff read it.
/// </summary>
public sealed partial class EscalationPolicyPage
{
    private readonly FormErrors errors = new();
    private EscalationPolicyView? view;
    private PolicyForm? form;
    private IReadOnlyList<SlaDefinition> slas = [];
    private IReadOnlyList<OnCallSchedule> schedules = [];
    private Dictionary<int, string> slaNames = [];
    private bool notFound;
    private bool isAdmin;
    private string user = "";

    private sealed class PolicyForm
    {
        public string? Name { get; set; }
        public int RepeatCount { get; set; }
        public int? SlaDefinitionId { get; set; }
        public string? Service { get; set; }
        public int? Priority { get; set; }
        public bool OnNewIncident { get; set; } = true;
        public bool OnSlaWarning { get; set; }
        public bool OnSlaBreach { get; set; } = true;
        public bool OnChangeFailure { get; set; }
        public bool IsActive { get; set; } = true;
        public List<LevelForm> Levels { get; set; } = [new()];

        public NewEscalationPolicy ToInput() => new()
        {
            Name = Name, RepeatCount = RepeatCount, SlaDefinitionId = SlaDefinitionId, Service = Service, Priority = Priority,
            OnNewIncident = OnNewIncident, OnSlaWarning = OnSlaWarning, OnSlaBreach = OnSlaBreach, OnChangeFailure = OnChangeFailure,
            Levels = [.. Levels.Select(l => new NewEscalationLevel { TimeoutMinutes = l.TimeoutMinutes, Targets = [.. l.Targets.Select(t => t.ToInput())] })],
        };

        public static PolicyForm From(EscalationPolicyView p) => new()
        {
            Name = p.Name, RepeatCount = p.RepeatCount, SlaDefinitionId = p.SlaDefinitionId, Service = p.Service, Priority = p.Priority,
            OnNewIncident = p.Triggers.Contains(EscalationLabels.Trigger(EscalationTrigger.NewIncident)),
            OnSlaWarning = p.Triggers.Contains(EscalationLabels.Trigger(EscalationTrigger.SlaWarning)),
            OnSlaBreach = p.Triggers.Contains(EscalationLabels.Trigger(EscalationTrigger.SlaBreach)),
            OnChangeFailure = p.Triggers.Contains(EscalationLabels.Trigger(EscalationTrigger.ChangeFailure)),
            IsActive = p.IsActive,
            Levels = [.. p.Levels.Select(l => new LevelForm
            {
                TimeoutMinutes = l.TimeoutMinutes,
                Targets = [.. l.Targets.Select(t => new TargetForm { Kind = t.Kind, ScheduleId = t.ScheduleId, Layer = t.Layer ?? OnCallLayerKind.Primary, UserName = t.UserName, GroupKey = t.GroupKey })],
            })],
        };
    }

    /// <summary>Null on /escalations/policies/new.</summary>
    [Parameter] public int? Id { get; set; }

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        var principal = (await Authentication).User;
        user = principal.Identity?.Name ?? "";
        isAdmin = principal.IsInRole(Roles.Admin);
        errors.Clear();
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        slas = await db.SlaDefinitions.AsNoTracking().OrderBy(d => d.Name).ToListAsync();
        slaNames = slas.ToDictionary(d => d.Id, d => d.Name);
        schedules = await db.Set<OnCallSchedule>().AsNoTracking().OrderBy(s => s.Name).ToListAsync();
        if (Id is not { } id)
        {
            view = null;
            form = isAdmin ? new PolicyForm() : null;
            return;
        }

        try
        {
            view = EscalationPolicies.ToView(await scope.ServiceProvider.GetRequiredService<EscalationPolicies>().FindAsync(id, CancellationToken.None));
            form = isAdmin ? PolicyForm.From(view) : null;
        }
        catch (RecordNotFoundException)
        {
            notFound = true;
        }
    }

    private void AddLevel() => form!.Levels.Add(new LevelForm { TimeoutMinutes = form.Levels.LastOrDefault()?.TimeoutMinutes ?? 5 });

    private string TargetText(EscalationTargetView target) => target.Kind == EscalationTargetKind.OnCall && target.ScheduleId is { } schedule
        ? $"on call ({EscalationLabels.Layer(target.Layer ?? OnCallLayerKind.Primary).ToLowerInvariant()}) of {schedules.FirstOrDefault(s => s.Id == schedule)?.Name ?? "a schedule"}"
        : EscalationPolicyDisplay.Target(target);

    private async Task SaveAsync()
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var policies = scope.ServiceProvider.GetRequiredService<EscalationPolicies>();
            if (Id is { } id)
            {
                await policies.UpdateAsync(id, form!.ToInput(), form.IsActive, CancellationToken.None);
                errors.Clear();
                Snackbar.Add("Policy saved.", Severity.Success);
            }
            else
            {
                var created = await policies.CreateAsync(form!.ToInput(), user, CancellationToken.None);
                Navigation.NavigateTo($"escalations/policies/{created.Id}");
            }
        }
        catch (RecordValidationException invalid)
        {
            errors.Set(invalid.Errors);
        }
    }
}
