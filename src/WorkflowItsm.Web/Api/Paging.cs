using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Web.Api;

/// <summary>Every list is paged: <c>page</c> from 1, <c>pageSize</c> from 1 to 200 (default 50).</summary>
internal static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    private static int MaxPage(int pageSize) => int.MaxValue / Math.Max(pageSize, 1);

    public static async Task<Results<Ok<Page<T>>, ValidationProblem>> Run<T>(int? page, int? pageSize, Func<int, int, Task<Page<T>>> query)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
        {
            errors["page"] = ["page starts at 1."];
        }
        else if (page > MaxPage(pageSize ?? DefaultPageSize))
        {
            // The rows to skip must stay countable: a larger page would overflow and come back as page 1.
            errors["page"] = [$"page must be at most {MaxPage(pageSize ?? DefaultPageSize)} with this pageSize."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await query(page ?? 1, pageSize ?? DefaultPageSize));
    }
}
