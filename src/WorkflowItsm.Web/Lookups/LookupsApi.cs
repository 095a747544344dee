using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Web.Account;
using WorkflowItsm.Web.Api;

namespace WorkflowItsm.Web.Lookups;

/// <summary>The lookups' API (staff only): people and groups by a part of their names, a person's contact card, and CIs by number or name.</summary>
internal static class LookupsApi
{
    /// <summary>Longer text is no name anyone types: refused rather than searched.</summary>
    public const int MaxTextLength = 100;

    public static RouteGroupBuilder MapLookupsApi(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people").WithTags("Directory").RequireAuthorization(Policies.WorkTasks);
        people.MapGet("/", PeopleAsync)
            .WithName("FindPeople")
            .WithSummary($"People whose display name, user name or email contains q (case aside), names starting with it first; only the members of group when given; at most limit (1–{DirectoryLookup.MaxLimit}, default {DirectoryLookup.DefaultLimit})")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        people.MapGet("/{userName}", CardAsync)
            .WithName("GetPersonCard")
            .WithSummary("A person's contact card: name, email, phone and groups")
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapGet("/groups", GroupsAsync).WithTags("Directory").RequireAuthorization(Policies.WorkTasks)
            .WithName("FindGroups")
            .WithSummary($"Groups whose display name or key contains q (case aside); at most limit (1–{DirectoryLookup.MaxLimit}, default {DirectoryLookup.DefaultLimit})")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        api.MapGet("/lookups/cis", CisAsync).WithTags("CMDB").RequireAuthorization(Policies.WorkTasks)
            .WithName("FindConfigurationItems")
            .WithSummary($"CIs (not retired) whose number is q or whose name contains q (case aside), names starting with it first; only of class (a key, e.g. business-service) and its subclasses when given; at most limit (1–{CiReferences.MaxLimit}, default {CiReferences.DefaultLimit})")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<PersonOption>>, ValidationProblem>> PeopleAsync(
        string? q, string? group, int? limit, DirectoryLookup lookup, DirectoryGroups groups, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = Check(q, limit);
        if (!string.IsNullOrWhiteSpace(group) && !await groups.ExistsAsync(group.Trim(), ct))
        {
            errors["group"] = [$"There is no group '{group.Trim()}'."];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await lookup.PeopleAsync(q, group, limit ?? DirectoryLookup.DefaultLimit, user, ct));
    }

    public static async Task<Results<Ok<IReadOnlyList<GroupOption>>, ValidationProblem>> GroupsAsync(
        string? q, int? limit, DirectoryLookup lookup, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = Check(q, limit);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await lookup.GroupsAsync(q, limit ?? DirectoryLookup.DefaultLimit, user, ct));
    }

    public static async Task<Results<Ok<IReadOnlyList<CiOption>>, ValidationProblem>> CisAsync(
        string? q, string? @class, int? limit, CiReferences references, CancellationToken ct)
    {
        var errors = Check(q, limit, CiReferences.MaxLimit);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await references.FindAsync(q, @class, limit ?? CiReferences.DefaultLimit, ct));
    }

    public static async Task<Results<Ok<PersonCard>, ProblemHttpResult>> CardAsync(string userName, DirectoryLookup lookup, ClaimsPrincipal user, CancellationToken ct) =>
        await lookup.CardAsync(userName, user, ct) is { } card ? TypedResults.Ok(card) : ApiProblems.NotFound($"There is nobody called '{userName}'.");

    private static Dictionary<string, string[]> Check(string? q, int? limit, int maxLimit = DirectoryLookup.MaxLimit)
    {
        var errors = new Dictionary<string, string[]>();
        if (q is { Length: > MaxTextLength })
        {
            errors["q"] = [$"The text to look for can have at most {MaxTextLength} characters."];
        }

        if (limit < 1 || limit > maxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {maxLimit}."];
        }

        return errors;
    }
}
