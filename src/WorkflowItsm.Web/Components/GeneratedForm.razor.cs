using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Web.Components;

public sealed partial class GeneratedForm
{
    [Parameter, EditorRequired] public IReadOnlyList<FormField> Fields { get; set; } = [];

    /// <summary>The values being edited, by field id (typed: string, long, bool, "yyyy-MM-dd" for dates).</summary>
    [Parameter, EditorRequired] public Dictionary<string, object?> Values { get; set; } = [];

    /// <summary>The server's messages by field id.</summary>
    [Parameter] public Dictionary<string, string> Errors { get; set; } = [];

    [Parameter] public bool Disabled { get; set; }

    /// <summary>The submitted variables: every field, as edited.</summary>
    public static Dictionary<string, object?> Variables(IReadOnlyList<FormField> fields, Dictionary<string, object?> values) =>
        fields.ToDictionary(f => f.Id, f => values.GetValueOrDefault(f.Id));

    /// <summary>The server's refusal as messages by field.</summary>
    public static Dictionary<string, string> ErrorsOf(WorkflowItsm.Bpmn.Execution.FormRejectedException rejected) =>
        rejected.Errors.GroupBy(e => e.FieldId).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)));

    /// <summary>Pause in typing after which a suggestion is asked for.</summary>
    private static readonly TimeSpan SuggestAfter = TimeSpan.FromMilliseconds(400);

    /// <summary>What was suggested for a field (by field id): the field follows suggestions while it still holds the last one.</summary>
    private readonly Dictionary<string, string?> suggested = new(StringComparer.Ordinal);
    private CancellationTokenSource? pendingSuggestion;

    private void Set(FormField field, object? value)
    {
        Values[field.Id] = value;
        Errors.Remove(field.Id);
        if (Fields.Any(f => f.Suggestion?.SourceFieldId == field.Id))
        {
            CancelPendingSuggestion();
            pendingSuggestion = new CancellationTokenSource();
            _ = SuggestAsync(field.Id, value?.ToString(), pendingSuggestion.Token);
        }
    }

    private bool IsSuggested(FormField field) =>
        suggested.GetValueOrDefault(field.Id) is { } value && Equals(Values.GetValueOrDefault(field.Id), value);

    private async Task SuggestAsync(string sourceFieldId, string? text, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(SuggestAfter, cancellationToken);
            // A scope of its own: the page's database context may be busy with the person's own action meanwhile.
            await using var scope = Scopes.CreateAsyncScope();
            var suggesters = scope.ServiceProvider.GetServices<IFormValueSuggester>().ToList();
            var changed = false;
            foreach (var target in Fields.Where(f => f.Suggestion?.SourceFieldId == sourceFieldId))
            {
                var current = Values.GetValueOrDefault(target.Id) as string;
                if (current is not null && current != suggested.GetValueOrDefault(target.Id))
                {
                    continue; // chosen by the person: theirs to keep
                }

                var suggester = suggesters.FirstOrDefault(s => s.Name == target.Suggestion!.Value.Suggester);
                if (suggester is null)
                {
                    continue;
                }

                var value = await suggester.SuggestAsync(text, target.Values.Select(v => v.Id).ToList(), cancellationToken);
                suggested[target.Id] = value;
                Values[target.Id] = value;
                changed = true;
            }

            if (changed)
            {
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The person typed on: the next pause asks again.
        }
        catch (Exception failure) when (failure is InvalidOperationException or System.Data.Common.DbException or ObjectDisposedException)
        {
            // A suggestion is a courtesy: without it the person chooses as before.
            Logger.LogWarning(failure, "No suggestion for the fields that follow {Field}", sourceFieldId);
        }
    }

    public void Dispose() => CancelPendingSuggestion();

    private void CancelPendingSuggestion()
    {
        pendingSuggestion?.Cancel();
        pendingSuggestion?.Dispose();
        pendingSuggestion = null;
    }

    private static long? AsLong(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d => (long)d,
        string s when long.TryParse(s, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static string? AsIsoDate(DateTime? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTime? AsDate(object? value) =>
        value is string s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
