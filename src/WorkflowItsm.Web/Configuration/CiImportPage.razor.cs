using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Configuration.Reconciliation;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Configuration;

/// <summary>
/// Agents and admins import CIs from a CSV file: choose the source and the file, see the plan (what each row would
/// do and why), then import it. The file is kept in memory between the plan and the import (at most <see cref="MaxFileBytes"/>);
/// larger files go through the API.
/// </summary>
public sealed partial class CiImportPage
{
    public const long MaxFileBytes = 16L * 1024 * 1024;

    private IReadOnlyList<CiDataSourceView> sources = [];
    private string? source = CmdbSeed.SpreadsheetSource;
    private byte[]? file;
    private string? fileName;
    private CiImportPlan? plan;
    private string? error;
    private bool busy;

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = null!;

    private bool CanImport => !busy && file is not null && plan is { Committed: false, Invalid: 0, Rows: > 0 };

    protected override async Task OnInitializedAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        sources = await scope.ServiceProvider.GetRequiredService<CiDataSources>().ListAsync(CancellationToken.None);
    }

    private string SourceName(string key) => sources.FirstOrDefault(s => s.Key == key)?.Name ?? key;

    private async Task SourceChangedAsync(string? value)
    {
        source = value;
        if (file is not null)
        {
            await RunAsync(commit: false);
        }
    }

    private async Task UploadAsync(IBrowserFile? chosen)
    {
        if (chosen is null)
        {
            return;
        }

        plan = null;
        error = null;
        if (chosen.Size > MaxFileBytes)
        {
            error = $"The file has {chosen.Size / 1024 / 1024} MB; this page takes at most {MaxFileBytes / 1024 / 1024} MB (import larger files through the API).";
            return;
        }

        using var memory = new MemoryStream();
        await using (var stream = chosen.OpenReadStream(MaxFileBytes))
        {
            await stream.CopyToAsync(memory);
        }

        file = memory.ToArray();
        fileName = chosen.Name;
        await RunAsync(commit: false);
    }

    private Task ImportAsync() => RunAsync(commit: true);

    private async Task RunAsync(bool commit)
    {
        busy = true;
        error = null;
        try
        {
            var by = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? string.Empty;
            await using var scope = Scopes.CreateAsyncScope();
            var import = scope.ServiceProvider.GetRequiredService<CiImport>();
            var bytes = file!;
            IAsyncEnumerable<CiImportRow> Rows() => CiImport.ReadCsvAsync(new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true));
            plan = commit ? await import.CommitAsync(source, Rows, by, CancellationToken.None) : await import.PlanAsync(source, Rows, CancellationToken.None);
        }
        catch (CiImportRefusedException refused)
        {
            error = string.Join(" ", refused.ImportErrors.Take(5).Select(e => e.Line > 0 ? $"Line {e.Line}: {e.Reason}" : e.Reason));
        }
        catch (RecordConflictException conflict)
        {
            error = conflict.Message;
        }
        finally
        {
            busy = false;
        }
    }
}
