using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>The person may not order the item (it is offered to other people or groups); the API answers 403 and stores nothing.</summary>
public sealed class CatalogOrderForbiddenException : Exception
{
    public CatalogOrderForbiddenException(string itemKey, string person)
        : base($"{person} may not order '{itemKey}': it is offered to other people or groups.") => ItemKey = itemKey;

    private CatalogOrderForbiddenException(string message) : base(message) => ItemKey = null;

    /// <summary>The item refused; null when the order was refused as a whole (ordering for someone else).</summary>
    public string? ItemKey { get; }

    /// <summary>A requester ordering for someone else without being allowed to (only agents and admins may).</summary>
    public static CatalogOrderForbiddenException OnBehalf(string person, string requestedFor) =>
        new($"{person} may not order for {requestedFor} (requestedFor): you order for yourself; the service desk orders for others.");
}

/// <summary>No published item (or version of it) by that key; the API answers 404.</summary>
public sealed class CatalogItemNotFoundException(string message) : RecordNotFoundException(message);
