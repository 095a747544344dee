using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Assets;

/// <summary>An asset's record: its state with the moves it may make as buttons (asking what a move needs), who has it where, its depreciation and history.</summary>
public sealed partial class AssetPage
{
    private AssetDetails? details;
    private bool notFound;
    private bool canWrite;
    private string user = "";
    private DateOnly today;
    private IReadOnlyList<StockroomView> stockrooms = [];
    private Dictionary<int, string> modelNames = [];
    private Dictionary<int, string> stockroomNames = [];
    private string? assignedPerson;
    private string? location;
    private AssetPosition? pendingMove;
    private int? moveStockroom;
    private string? movePerson;
    private string? moveLocation;
    private string? moveRequest;

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [Parameter] public string Number { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        user = principal.Identity?.Name ?? "";
        canWrite = principal.IsInRole(Roles.Agent) || principal.IsInRole(Roles.Admin);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<AssetQueries>();
        today = queries.Today;
        details = await queries.GetAsync(Number, CancellationToken.None);
        notFound = details is null;
        stockrooms = await scope.ServiceProvider.GetRequiredService<StockQueries>().StockroomsAsync(CancellationToken.None);
        stockroomNames = stockrooms.ToDictionary(s => s.Id, s => s.Name);
        modelNames = (await scope.ServiceProvider.GetRequiredService<AssetModels>().ListAsync(CancellationToken.None)).ToDictionary(m => m.Id, m => $"{m.Manufacturer} {m.Name}");
        assignedPerson = details?.Asset.AssignedPerson;
        location = details?.Asset.Location;
    }

    private static bool CanAssign(AssetView asset) => asset.State is AssetState.InUse or AssetState.InMaintenance or AssetState.InTransit or AssetState.Missing;

    // A move that needs nothing more is made at once; the others ask first (stockroom, person, request).
    private Task ChooseMove(AssetPosition target)
    {
        var asset = details!.Asset;
        var needsInput = (target.State == AssetState.InStock && asset.StockroomId is null) || target == AssetPosition.Reserved || (target.State == AssetState.InUse && asset.State != AssetState.InUse);
        if (!needsInput)
        {
            return MoveAsync(new AssetMove(target.State, target.Substate));
        }

        pendingMove = target;
        moveStockroom = asset.StockroomId ?? (stockrooms.Count > 0 ? stockrooms[0].Id : null);
        movePerson = asset.AssignedPerson;
        moveLocation = asset.Location;
        moveRequest = asset.ReservedFor;
        return Task.CompletedTask;
    }

    private Task ConfirmMoveAsync() => pendingMove is { } target
        ? MoveAsync(new AssetMove(target.State, target.Substate, moveStockroom, movePerson, moveLocation, moveRequest))
        : Task.CompletedTask;

    private Task MoveAsync(AssetMove move) => RunAsync(services =>
        services.GetRequiredService<AssetService>().MoveAsync(Number, move, user, CancellationToken.None, details!.Asset.Revision),
        $"{Number} is {AssetDisplay.PositionText(move.To, move.Substate ?? (move.To == AssetState.InStock ? AssetSubstate.Available : null)).ToLowerInvariant()}.");

    private Task AssignAsync() => RunAsync(services =>
        services.GetRequiredService<AssetService>().AssignAsync(Number, assignedPerson ?? "", location ?? "", user, CancellationToken.None), "Assignment saved.");

    private async Task RunAsync(Func<IServiceProvider, Task> action, string done)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await action(scope.ServiceProvider);
            Snackbar.Add(done, Severity.Success);
            pendingMove = null;
        }
        catch (RecordValidationException invalid)
        {
            Snackbar.Add(string.Join(" ", invalid.Errors.SelectMany(e => e.Value)), Severity.Error);
        }
        catch (Exception refused) when (refused is RecordTransitionException or RecordConcurrencyException or RecordNotFoundException)
        {
            Snackbar.Add(refused.Message, Severity.Error);
        }

        await LoadAsync();
    }
}
