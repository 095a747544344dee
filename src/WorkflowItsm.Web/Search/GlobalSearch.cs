using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Search;

/// <summary>What a hit is: the heading it is listed under.</summary>
public enum SearchHitKind
{
    Incident,
    Problem,
    Person,
    Process,
}

/// <summary>One thing found: its title, a line of detail, and the page it opens (always one the searcher may open).</summary>
public sealed record SearchHit(SearchHitKind Kind, string Title, string? Detail, string Href)
{
    public string KindText => Kind switch
    {
        SearchHitKind.Incident => "Incident",
        SearchHitKind.Problem => "Problem",
        SearchHitKind.Person => "Person",
        _ => "Process",
    };
}

/// <summary>
/// The app bar's search: records by number or words of their short description, people by name, user name or
/// email, and — for who designs them — processes by key or name. Matching happens in the database, case aside.
/// </summary>
public sealed class GlobalSearch(ItsmDbContext db)
{
    /// <summary>Fewer than this many characters find nothing (every record would match one letter).</summary>
    public const int MinimumLength = 2;

    public async Task<IReadOnlyList<SearchHit>> FindAsync(string? text, ClaimsPrincipal searcher, int perKind, CancellationToken cancellationToken)
    {
        var needle = text?.Trim().ToLowerInvariant() ?? "";
        if (needle.Length < MinimumLength || !Policies.IsStaff(searcher))
        {
            return [];
        }

        var hits = new List<SearchHit>();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
        // A number typed whole comes first; then the newest records whose words match.
        hits.AddRange((await db.Incidents.AsNoTracking()
                .Where(i => i.Number.ToLower().Contains(needle) || i.ShortDescription.ToLower().Contains(needle))
                .OrderByDescending(i => i.Number.ToLower() == needle).ThenByDescending(i => i.OpenedAt)
                .Select(i => new { i.Number, i.ShortDescription, i.State, i.Priority })
                .Take(perKind).ToListAsync(cancellationToken))
            .Select(i => new SearchHit(SearchHitKind.Incident, $"{i.Number} · {i.ShortDescription}",
                $"P{i.Priority} · {Incidents.IncidentDisplay.StateText(i.State)}", $"incidents/{i.Number}")));
        hits.AddRange((await db.Problems.AsNoTracking()
                .Where(p => p.Number.ToLower().Contains(needle) || p.ShortDescription.ToLower().Contains(needle))
                .OrderByDescending(p => p.Number.ToLower() == needle).ThenByDescending(p => p.OpenedAt)
                .Select(p => new { p.Number, p.ShortDescription, p.State, p.IsKnownError })
                .Take(perKind).ToListAsync(cancellationToken))
            .Select(p => new SearchHit(SearchHitKind.Problem, $"{p.Number} · {p.ShortDescription}",
                Problems.ProblemDisplay.StateText(p.State) + (p.IsKnownError ? " · known error" : ""), $"problems/{p.Number}")));
        hits.AddRange((await db.Users.AsNoTracking()
                .Where(u => u.UserName!.ToLower().Contains(needle) || (u.DisplayName != null && u.DisplayName.ToLower().Contains(needle))
                    || (u.Email != null && u.Email.ToLower().Contains(needle)))
                .OrderBy(u => u.DisplayName ?? u.UserName)
                .Select(u => new { u.UserName, u.DisplayName, u.Email, u.PhoneNumber })
                .Take(perKind).ToListAsync(cancellationToken))
            .Select(u => new SearchHit(SearchHitKind.Person, u.DisplayName ?? u.UserName!,
                string.Join(" · ", new[] { u.DisplayName is null ? null : u.UserName, u.Email, u.PhoneNumber }.Where(part => !string.IsNullOrEmpty(part))),
                $"incidents?caller={Uri.EscapeDataString(u.UserName!)}&state=all")));
        if (searcher.IsInRole(Roles.ProcessOwner) || searcher.IsInRole(Roles.Admin))
        {
            // Every version of a process is a row: a few per process, grouped here into the newest one.
            var versions = await db.ProcessDefinitions.AsNoTracking()
                .Where(d => d.Key.ToLower().Contains(needle) || (d.Name != null && d.Name.ToLower().Contains(needle)))
                .Select(d => new { d.Key, d.Name, d.Version }).ToListAsync(cancellationToken);
            hits.AddRange(versions.GroupBy(d => d.Key, StringComparer.Ordinal).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Key, StringComparer.Ordinal).Take(perKind)
                .Select(d => new SearchHit(SearchHitKind.Process, d.Name ?? d.Key, $"{d.Key} · version {d.Version}", $"designer/{Uri.EscapeDataString(d.Key)}")));
        }
#pragma warning restore CA1304, CA1311, CA1862
        return hits;
    }
}
