using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Web.Lookups;
using WorkflowItsm.Web.Records;

namespace WorkflowItsm.Web.Requests;

/// <summary>A request's or requested item's activity for staff (work notes included), its audited values in words: stages, not enum names; names, not user names.</summary>
internal static class RequestActivity
{
    public static async Task<IReadOnlyList<ActivityItem>> ReadAsync(IServiceProvider services, string number, ClaimsPrincipal viewer, CancellationToken cancellationToken)
    {
        var timeline = await services.GetRequiredService<RecordTimeline>().ReadAsync(number, withWorkNotes: true, cancellationToken);
        var names = await services.GetRequiredService<DirectoryLookup>().NamesAsync(ActivityLines.People(timeline), ActivityLines.Groups(timeline), viewer, cancellationToken);
        return ActivityLines.OfRecord(timeline, names, (field, value) => field switch
        {
            "state" when Enum.TryParse<RequestedItemState>(value, out var stage) && number.StartsWith(RecordNumbers.RequestedItem, StringComparison.Ordinal) => RequestLabels.Stage(stage),
            "state" when Enum.TryParse<ServiceRequestState>(value, out var state) => RequestLabels.Request(state),
            "requestedFor" => names.Person(value),
            _ => value,
        });
    }
}
