using MudBlazor;
using WorkflowItsm.Itsm.Configuration.Reconciliation;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Configuration;

/// <summary>How the import and de-duplication pages name things for people.</summary>
public static class CmdbImportDisplay
{
    /// <summary>Who imports and de-duplicates CIs.</summary>
    public const string WriterRoles = Roles.Agent + "," + Roles.Admin;

    public static string ActionText(CiImportAction action, bool committed) => (action, committed) switch
    {
        (CiImportAction.Insert, false) => "New item",
        (CiImportAction.Insert, true) => "Created",
        (CiImportAction.Update, false) => "Update",
        (CiImportAction.Update, true) => "Updated",
        (CiImportAction.Unchanged, _) => "Unchanged",
        (CiImportAction.Ambiguous, false) => "Ambiguous: will need de-duplication",
        (CiImportAction.Ambiguous, true) => "Ambiguous: de-duplication task opened",
        _ => "Invalid",
    };

    public static Color ActionColor(CiImportAction action) => action switch
    {
        CiImportAction.Insert => Color.Success,
        CiImportAction.Update => Color.Info,
        CiImportAction.Ambiguous => Color.Warning,
        CiImportAction.Invalid => Color.Error,
        _ => Color.Default,
    };

    public static string StateText(CiDuplicateTaskState state) => state switch
    {
        CiDuplicateTaskState.Open => "Open",
        CiDuplicateTaskState.Merged => "Merged",
        _ => "Created as new",
    };
}
