using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Continuity;

/// <summary>
/// A business service's impact analysis as a grid: a rating per impact category at each disruption duration and where
/// it becomes intolerable, with the MTPD, RTO and tier computed as the owner rates (the same rules the domain stores);
/// RPO and review date beside; saved as a draft or submitted to the approval engine. Staff who do not edit read it.
/// </summary>
public sealed partial class BiaPage
{
    private sealed class GridCell
    {
        public ImpactRating? Rating { get; set; }
        public bool Intolerable { get; set; }
    }

    private static readonly HashSet<string> Fields = ["service", "ratings", "rtoMinutes", "rpoMinutes", "reviewDue"];
    private readonly Dictionary<(string, int), GridCell> cells = [];
    private IReadOnlyList<ContinuityImpactCategory> categories = [];
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private IReadOnlyList<string> approvers = [];
    private BiaView? analysis;
    private string? serviceName;
    private string? chosenService;
    private int? rtoMinutes;
    private int? rpoMinutes;
    private DateTime? reviewDue;
    private bool loading = true;
    private bool mayWork;
    private bool busy;
    private string user = "";

    /// <summary>The business service's CI number; null on the "new" page, where the owner picks it.</summary>
    [Parameter] public string? Service { get; set; }

    private int? Mtpd => BusinessImpactAnalyses.Mtpd(cells.Where(c => c.Value.Intolerable).Select(c => c.Key.Item2));

    private int? Rto => rtoMinutes ?? Mtpd;

    private GridCell Cell(string category, int duration)
    {
        if (!cells.TryGetValue((category, duration), out var cell))
        {
            cell = new GridCell();
            cells[(category, duration)] = cell;
        }

        return cell;
    }

    private bool Has(string field) => errors.ContainsKey(field);

    private string? Of(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    protected override async Task OnParametersSetAsync()
    {
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        user = principal.Identity?.Name ?? "";
        mayWork = principal.IsInRole(Roles.Agent) || principal.IsInRole(Roles.ChangeManager) || principal.IsInRole(Roles.Admin);
        await LoadAsync(Service);
    }

    private async Task LoadAsync(string? service)
    {
        loading = true;
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        categories = await services.GetRequiredService<BusinessImpactAnalyses>().CategoriesAsync(CancellationToken.None);
        cells.Clear();
        (analysis, serviceName, approvers, rtoMinutes, rpoMinutes, reviewDue) = (null, null, [], null, null, null);
        if (service is not null)
        {
            var number = service.Trim().ToUpperInvariant();
            serviceName = await services.GetRequiredService<ItsmDbContext>().ConfigurationItems.AsNoTracking()
                .Where(c => c.Number == number).Select(c => c.ShortDescription).FirstOrDefaultAsync();
            analysis = await services.GetRequiredService<ContinuityQueries>().BiaAsync(number, CancellationToken.None);
        }

        if (analysis is not null)
        {
            foreach (var rating in analysis.Ratings)
            {
                var cell = Cell(rating.Category, rating.DurationMinutes);
                (cell.Rating, cell.Intolerable) = (rating.Rating, rating.Intolerable);
            }

            // An RTO equal to the MTPD was not set apart from it: the field stays empty and follows the grid.
            rtoMinutes = analysis.RtoMinutes == analysis.MtpdMinutes ? null : analysis.RtoMinutes;
            (rpoMinutes, reviewDue) = (analysis.RpoMinutes, analysis.ReviewDue.ToDateTime(TimeOnly.MinValue));
            if (analysis.State == BiaState.InReview)
            {
                var pending = (await services.GetRequiredService<ApprovalQueries>().OfRecordAsync(analysis.Number, CancellationToken.None))
                    .FirstOrDefault(a => a.State is ApprovalState.Pending or ApprovalState.Escalated);
                approvers = pending is null ? [] : [.. pending.Approvers.Where(a => a.IsActive).Select(a => a.DisplayName ?? a.UserName)];
            }
        }

        loading = false;
    }

    private async Task ChooseServiceAsync(string? service)
    {
        chosenService = service;
        errors = new Dictionary<string, string[]>();
        if (service is not null)
        {
            var keep = cells.ToDictionary(c => c.Key, c => c.Value);
            await LoadAsync(service);
            if (analysis is not null)
            {
                // The service has an analysis already: open it rather than overwrite it unseen.
                Navigation.NavigateTo($"continuity/analyses/{Uri.EscapeDataString(service)}");
                return;
            }

            foreach (var (key, cell) in keep)
            {
                cells[key] = cell;
            }
        }
    }

    private async Task SaveAsync(bool submit)
    {
        var service = Service ?? chosenService;
        if (service is null)
        {
            errors = new Dictionary<string, string[]> { ["service"] = ["Choose the business service."] };
            return;
        }

        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var bias = scope.ServiceProvider.GetRequiredService<BusinessImpactAnalyses>();
            var input = new BiaInput
            {
                Ratings = [.. cells.Where(c => c.Value.Rating is not null || c.Value.Intolerable)
                    .Select(c => new BiaRatingInput(c.Key.Item1, c.Key.Item2, c.Value.Rating, c.Value.Intolerable))],
                RtoMinutes = rtoMinutes,
                RpoMinutes = rpoMinutes,
                ReviewDue = reviewDue is { } due ? DateOnly.FromDateTime(due) : null,
            };
            await bias.SaveAsync(service, input, user, CancellationToken.None);
            if (submit)
            {
                await bias.SubmitAsync(service, user, CancellationToken.None);
            }

            errors = new Dictionary<string, string[]>();
            Snackbar.Add(submit ? "Saved and submitted for approval." : "Saved as a draft.", Severity.Success);
            if (Service is null)
            {
                Navigation.NavigateTo($"continuity/analyses/{Uri.EscapeDataString(service)}");
                return;
            }
        }
        catch (RecordValidationException invalid)
        {
            errors = invalid.Errors;
            // What has no field on the page (no approval rule applies) is said anyway.
            foreach (var (_, messages) in invalid.Errors.Where(e => !Fields.Contains(e.Key)))
            {
                Snackbar.Add(string.Join(" ", messages), Severity.Error);
            }

            return;
        }
        catch (Exception refused) when (refused is RecordConflictException or RecordNotFoundException or RecordTransitionException)
        {
            Snackbar.Add(refused.Message, Severity.Error);
        }
        finally
        {
            busy = false;
        }

        await LoadAsync(service);
    }
}
