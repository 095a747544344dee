using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>The person may not order the item (it is offered to other people or groups); the API answers 403 and stores nothing.</summary>
public sealed class CatalogOrderForbiddenException(string itemKey, string person)
    : Exception($"{person} may not order '{itemKey}': it is offered to other people or groups.")
{
    public string ItemKey { get; } = itemKey;
}

/// <summary>No published item (or version of it) by that key; the API answers 404.</summary>
public sealed class CatalogItemNotFoundException(string message) : RecordNotFoundException(message);
