using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>
/// Suggests an incident's category from the words of its short description, by the categories the service desk gave
/// the most recent incidents that share those words. Rare shared words count for more than common ones ("vpn" says
/// more than "cannot"), so the suggestion follows how this desk actually categorizes, with nothing to configure.
/// </summary>
public sealed partial class IncidentCategorySuggester(ItsmDbContext db) : IFormValueSuggester
{
    public const string SuggesterName = "incident-category";

    /// <summary>How many of the latest categorized incidents are compared (read newest first through the primary key).</summary>
    public const int Sample = 2000;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "not", "can", "cannot", "can't", "does", "doesn't", "don't", "with", "from", "this", "that", "after", "since",
        "when", "what", "our", "any", "all", "has", "have", "had", "was", "were", "are", "will", "won't", "again", "still", "very",
        "into", "onto", "but", "too", "get", "got", "please", "help", "issue", "problem", "error", "working", "work", "works",
    };

    public string Name => SuggesterName;

    public async Task<string?> SuggestAsync(string? text, IReadOnlyCollection<string> allowed, CancellationToken cancellationToken)
    {
        var words = Words(text);
        if (words.Count == 0)
        {
            return null;
        }

        var recent = await db.Incidents.AsNoTracking().Where(i => i.Category != null).OrderByDescending(i => i.Id).Take(Sample)
            .Select(i => new { i.ShortDescription, i.Category }).ToListAsync(cancellationToken);
        var examples = recent.Where(r => allowed.Count == 0 || allowed.Contains(r.Category!))
            .Select(r => (Words: Words(r.ShortDescription), Category: r.Category!)).ToList();
        var examplesWith = examples.SelectMany(e => e.Words).GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (exampleWords, category) in examples)
        {
            var score = words.Where(exampleWords.Contains).Sum(w => Math.Log(1.0 + (double)examples.Count / examplesWith[w]));
            if (score > 0)
            {
                scores[category] = scores.GetValueOrDefault(category) + score;
            }
        }

        return scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key).FirstOrDefault();
    }

    /// <summary>The distinct words of a text that can tell categories apart: lower case, three letters or more, no filler.</summary>
    internal static HashSet<string> Words(string? text) =>
        text is null
            ? []
            : WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 3 && !StopWords.Contains(w)).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();
}
