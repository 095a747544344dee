using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Changes.Cab;

/// <summary>
/// The demo's weekly CAB (Tuesdays at 14:00, London time), chaired by carl, the board being the group "cab", with its
/// next meeting's agenda built from the demo's changes. Nothing is done when a board exists already.
/// </summary>
internal static class CabDemoData
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ItsmDbContext>();
        if (await db.CabDefinitions.AnyAsync(cancellationToken) || !await db.Users.AnyAsync(u => u.UserName == "carl", cancellationToken))
        {
            return;
        }

        var board = await services.GetRequiredService<CabDefinitions>().AddAsync(
            new CabDefinitionInput("Weekly CAB", "0 14 * * 2", "Europe/London", 60, 10, "carl", "cab", Delegates: [new CabDelegateInput("colin", "ben")]), cancellationToken);
        await services.GetRequiredService<CabAgendaJob>().BuildNextAsync(await services.GetRequiredService<CabDefinitions>().FindAsync(board.Id, cancellationToken), cancellationToken);
    }
}
