using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Continuity;

/// <summary>
/// Edits a continuity plan in one save: title, owner, contacts, the CIs it recovers and its recovery steps (order,
/// owner or group, estimate, the steps it depends on, runbook, required evidence). The domain's refusals appear beside
/// what they name: a step's own problem under that step, a cycle (naming its steps) above the steps; nothing is saved then.
/// </summary>
public sealed partial class ContinuityPlanEditPage
{
    private sealed class StepForm
    {
        public int? Order { get; set; }
        public string? Name { get; set; }
        public string? Owner { get; set; }
        public string? Group { get; set; }
        public int? EstimateMinutes { get; set; }
        public IEnumerable<int> DependsOn { get; set; } = [];
        public string? Runbook { get; set; }
        public string? RequiredEvidence { get; set; }
    }

    private sealed class PlanForm
    {
        public string? Title { get; set; }
        public string? Owner { get; set; }
        public string? Contacts { get; set; }
        public List<string?> Cis { get; set; } = [];
        public List<StepForm> Steps { get; set; } = [];
    }

    private PlanForm? form;
    private string serviceName = "";
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private bool notFound;
    private bool mayWork;
    private bool busy;
    private string user = "";

    [Parameter] public long Id { get; set; }

    private bool Has(string field) => errors.ContainsKey(field);

    private string? Of(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The step messages naming one step ("Step 3: …", "Step 3 depends on itself.").</summary>
    private IEnumerable<string> StepProblems(int? order) =>
        order is null ? [] : errors.GetValueOrDefault("steps", []).Where(m => StepOf(m) == order);

    /// <summary>The step messages naming no single step: a cycle, two steps with one order.</summary>
    private IEnumerable<string> PlanProblems() => errors.GetValueOrDefault("steps", []).Where(m => StepOf(m) is null);

    private static int? StepOf(string message) => StepPrefix().Match(message) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^Step (\d+)[: ]")]
    private static partial Regex StepPrefix();

    protected override async Task OnParametersSetAsync()
    {
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        user = principal.Identity?.Name ?? "";
        mayWork = principal.IsInRole(Roles.Agent) || principal.IsInRole(Roles.ChangeManager) || principal.IsInRole(Roles.Admin);
        await using var scope = Scopes.CreateAsyncScope();
        var plan = await scope.ServiceProvider.GetRequiredService<ContinuityQueries>().PlanAsync(Id, CancellationToken.None);
        notFound = plan is null;
        if (plan is null)
        {
            return;
        }

        serviceName = plan.ServiceName;
        form = new PlanForm
        {
            Title = plan.Title, Owner = plan.Owner, Contacts = plan.Contacts, Cis = [.. plan.Cis],
            Steps = [.. plan.Steps.Select(s => new StepForm
            {
                Order = s.Order, Name = s.Name, Owner = s.Owner, Group = s.Group, EstimateMinutes = s.EstimateMinutes, DependsOn = [.. s.DependsOn],
                Runbook = s.Runbook, RequiredEvidence = s.RequiredEvidence,
            })],
        };
    }

    private void AddStep() =>
        form!.Steps.Add(new StepForm { Order = form.Steps.Count == 0 ? 1 : form.Steps.Max(s => s.Order ?? 0) + 1 });

    private async Task SaveAsync()
    {
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var f = form!;
            await scope.ServiceProvider.GetRequiredService<ContinuityPlans>().UpdateAsync(Id, new ContinuityPlanChanges
            {
                Title = f.Title, Owner = f.Owner, Contacts = f.Contacts, Cis = [.. f.Cis.OfType<string>()],
                Steps = [.. f.Steps.Select(s => new StepInput
                {
                    Order = s.Order, Name = s.Name, Owner = s.Owner, Group = s.Group, EstimateMinutes = s.EstimateMinutes, DependsOn = [.. s.DependsOn],
                    Runbook = s.Runbook, RequiredEvidence = s.RequiredEvidence,
                })],
            }, user, CancellationToken.None);
            errors = new Dictionary<string, string[]>();
            Snackbar.Add("The plan is saved; its critical path was checked again.", Severity.Success);
            Navigation.NavigateTo($"continuity/plans/{Id}");
        }
        catch (RecordValidationException invalid)
        {
            errors = invalid.Errors;
        }
        catch (RecordNotFoundException missing)
        {
            Snackbar.Add(missing.Message, Severity.Error);
        }
        finally
        {
            busy = false;
        }
    }
}
