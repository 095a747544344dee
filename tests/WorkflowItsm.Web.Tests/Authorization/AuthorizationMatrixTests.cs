using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Integrations;

namespace WorkflowItsm.Web.Tests.Authorization;

/// <summary>
/// Every API endpoint called anonymously and as every role: anonymous gets 401, a role the endpoint is not for gets
/// 403, a role it is for gets past authorization (and never a 500 for the placeholder input). An endpoint that is
/// not in <see cref="Matrix"/> fails the test: whoever adds one decides here who may call it.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private const string SignedIn = "signed-in";

    /// <summary>Anyone, signed in or not (the endpoint checks a secret of its own, as a calendar feed's address).</summary>
    private const string Anonymous = "anonymous";
    private static readonly string[] Staff = [Roles.Agent, Roles.ProcessOwner, Roles.ChangeManager, Roles.CabMember, Roles.Admin];
    private static readonly string[] Designers = [Roles.ProcessOwner, Roles.Admin];
    private static readonly string[] Everyone = [SignedIn];
    private static readonly string[] RecordWriters = [Roles.Agent, Roles.Admin];
    private static readonly string[] ChangeManagers = [Roles.ChangeManager, Roles.Admin];
    private static readonly string[] ChangeWorkers = [Roles.Agent, Roles.ChangeManager, Roles.Admin];
    private static readonly string[] Pipelines = [Roles.Pipeline, Roles.Agent, Roles.ChangeManager, Roles.Admin];
    private static readonly string[] StaffAndPipelines = [.. Staff, Roles.Pipeline];

    /// <summary>"METHOD /api/route" → the roles that may call it (<see cref="SignedIn"/>: anyone signed in).</summary>
    private static readonly Dictionary<string, string[]> Matrix = new(StringComparer.Ordinal)
    {
        ["GET /api/me"] = Everyone,
        ["GET /api/me/notifications/"] = Everyone,
        ["POST /api/me/notifications/read"] = Everyone,
        ["GET /api/me/notifications/preferences"] = Everyone,
        ["PUT /api/me/notifications/preferences"] = Everyone,
        ["GET /api/me/tokens/"] = Everyone,
        ["POST /api/me/tokens/"] = Everyone,
        ["DELETE /api/me/tokens/{id:int}"] = Everyone,
        ["GET /api/service-accounts/"] = [Roles.Admin],
        ["POST /api/service-accounts/"] = [Roles.Admin],
        ["GET /api/service-accounts/{userName}/tokens"] = [Roles.Admin],
        ["POST /api/service-accounts/{userName}/tokens"] = [Roles.Admin],
        ["DELETE /api/service-accounts/{userName}/tokens/{id:int}"] = [Roles.Admin],
        ["GET /api/webhooks/"] = [Roles.Admin],
        ["POST /api/webhooks/"] = [Roles.Admin],
        ["PUT /api/webhooks/{id:int}"] = [Roles.Admin],
        ["POST /api/webhooks/{id:int}/active"] = [Roles.Admin],
        ["GET /api/webhooks/deliveries"] = [Roles.Admin],
        ["GET /api/inbound-mail/"] = [Roles.Admin],
        ["GET /api/inbound-mail/{id:long}/raw"] = [Roles.Admin],
        ["GET /api/my-requests/catalog"] = Everyone,
        ["POST /api/my-requests/"] = Everyone,
        ["GET /api/my-requests/"] = Everyone,
        ["GET /api/my-requests/{id}"] = Everyone,
        ["POST /api/my-requests/{id}/confirm"] = Everyone,
        ["POST /api/my-requests/{id}/reopen"] = Everyone,
        ["POST /api/my-requests/{id}/withdraw"] = Everyone,
        ["POST /api/my-requests/{id}/comments"] = Everyone,
        ["POST /api/incidents/"] = Everyone,
        ["GET /api/incidents/"] = Everyone,
        ["GET /api/incidents/{number}"] = Everyone,
        ["PATCH /api/incidents/{number}"] = Staff,
        ["POST /api/incidents/{number}/transitions"] = Everyone,
        ["POST /api/incidents/{number}/notes"] = Everyone,
        ["POST /api/incidents/{number}/attachments"] = Everyone,
        ["GET /api/incidents/{number}/attachments"] = Everyone,
        ["GET /api/incidents/{number}/attachments/{id:long}"] = Everyone,
        ["DELETE /api/incidents/{number}/attachments/{id:long}"] = Staff,
        ["GET /api/priority-matrix/"] = Everyone,
        ["PUT /api/priority-matrix/"] = [Roles.Admin],
        ["GET /api/incidents/{number}/sla"] = Everyone,
        ["POST /api/problems/"] = Staff,
        ["GET /api/problems/"] = Staff,
        ["GET /api/problems/{number}"] = Staff,
        ["PATCH /api/problems/{number}"] = Staff,
        ["POST /api/problems/{number}/transitions"] = Staff,
        ["POST /api/problems/{number}/incidents"] = Staff,
        ["DELETE /api/problems/{number}/incidents/{incident}"] = Staff,
        ["GET /api/known-errors"] = Staff,
        ["GET /api/cab/boards"] = Staff,
        ["POST /api/cab/boards"] = ChangeManagers,
        ["PUT /api/cab/boards/{id:long}"] = ChangeManagers,
        ["POST /api/cab/boards/{id:long}/agenda"] = ChangeManagers,
        ["GET /api/cab/meetings"] = Staff,
        ["GET /api/cab/meetings/{id:long}"] = Staff,
        ["POST /api/cab/meetings/{id:long}/start"] = ChangeManagers,
        ["POST /api/cab/meetings/{id:long}/decisions"] = ChangeManagers,
        ["POST /api/cab/meetings/{id:long}/close"] = ChangeManagers,
        ["GET /api/approval-rules/"] = ChangeManagers,
        ["POST /api/approval-rules/"] = ChangeManagers,
        ["PUT /api/approval-rules/{id:int}"] = ChangeManagers,
        ["DELETE /api/approval-rules/{id:int}"] = ChangeManagers,
        ["GET /api/approvals/"] = Staff,
        ["GET /api/approvals/mine"] = Staff,
        ["GET /api/approvals/{id}"] = Staff,
        ["POST /api/approvals/{id}/votes"] = Staff,
        ["GET /api/changes/"] = Staff,
        ["GET /api/changes/{number}"] = Staff,
        ["POST /api/changes/"] = ChangeWorkers,
        ["PATCH /api/changes/{number}"] = ChangeWorkers,
        ["POST /api/changes/{number}/transitions"] = ChangeWorkers,
        ["POST /api/changes/{number}/affected-cis"] = ChangeWorkers,
        ["DELETE /api/changes/{number}/affected-cis/{ci}"] = ChangeWorkers,
        ["PUT /api/changes/{number}/risk-answers"] = ChangeWorkers,
        ["POST /api/changes/{number}/links"] = ChangeWorkers,
        ["GET /api/change-templates/"] = Staff,
        ["GET /api/change-templates/{id:long}/versions"] = Staff,
        ["POST /api/change-templates/"] = ChangeManagers,
        ["PUT /api/change-templates/{id:long}"] = ChangeManagers,
        ["GET /api/change-risk/"] = Staff,
        ["POST /api/change-risk/conditions"] = ChangeManagers,
        ["DELETE /api/change-risk/conditions/{id:long}"] = ChangeManagers,
        ["POST /api/change-risk/questions"] = ChangeManagers,
        ["DELETE /api/change-risk/questions/{id:long}"] = ChangeManagers,
        ["PUT /api/change-risk/thresholds"] = ChangeManagers,
        ["GET /api/change-windows/"] = Staff,
        ["POST /api/change-windows/"] = ChangeManagers,
        ["DELETE /api/change-windows/{id:long}"] = ChangeManagers,
        ["GET /api/change-freezes/"] = Staff,
        ["POST /api/change-freezes/"] = ChangeManagers,
        ["GET /api/change-freezes/{number}"] = Staff,
        ["POST /api/change-freezes/{number}/submit"] = ChangeManagers,
        ["POST /api/change-freezes/{number}/cancel"] = ChangeManagers,
        ["GET /api/changes/{number}/conflicts"] = Staff,
        ["POST /api/changes/{number}/conflicts/check"] = ChangeWorkers,
        ["GET /api/changes/{number}/next-free-slot"] = Staff,
        ["GET /api/changes/calendar"] = Staff,
        ["GET /api/changes/calendar.ics"] = Staff,
        ["GET /api/releases/"] = Staff,
        ["GET /api/releases/{number}"] = Staff,
        ["GET /api/releases/{number}/notes"] = Staff,
        ["POST /api/releases/"] = ChangeWorkers,
        ["POST /api/releases/{number}/transitions"] = ChangeWorkers,
        ["POST /api/releases/{number}/evaluate"] = ChangeWorkers,
        ["POST /api/releases/{number}/evidence"] = Pipelines,
        ["POST /api/releases/{number}/gates/{gate}/exception"] = ChangeManagers,
        ["GET /api/releases/{number}/deployments/{environment}/gate"] = StaffAndPipelines,
        ["POST /api/releases/{number}/deployments/{environment}"] = Pipelines,
        ["POST /api/releases/{number}/deployments/{environment}/result"] = Pipelines,
        ["GET /api/escalations/schedules"] = Staff,
        ["GET /api/escalations/schedules/{id:int}"] = Staff,
        ["POST /api/escalations/schedules"] = RecordWriters,
        ["POST /api/escalations/schedules/{id:int}/overrides"] = RecordWriters,
        ["GET /api/escalations/schedules/{id:int}/on-call"] = Staff,
        ["GET /api/escalations/schedules/{id:int}/calendar.ics"] = Staff,
        ["GET /api/escalations/groups/{group}/on-call"] = Staff,
        ["PUT /api/escalations/groups/{group}/manager"] = [Roles.Admin],
        ["GET /api/escalations/policies"] = Staff,
        ["POST /api/escalations/policies"] = [Roles.Admin],
        ["GET /api/escalations/records/{number}"] = Staff,
        ["POST /api/escalations/records/{number}/acknowledge"] = RecordWriters,
        ["POST /api/escalations/links/{token}/acknowledge"] = Everyone,
        ["POST /api/escalations/records/{number}/functional"] = RecordWriters,
        ["POST /api/escalations/records/{number}/hierarchical"] = RecordWriters,
        ["POST /api/escalations/records/{number}/de-escalate"] = RecordWriters,
        ["PUT /api/escalations/schedules/{id:int}"] = RecordWriters,
        ["DELETE /api/escalations/schedules/{id:int}/overrides/{overrideId:int}"] = RecordWriters,
        ["GET /api/escalations/schedules/{id:int}/swaps"] = Staff,
        ["POST /api/escalations/schedules/{id:int}/swaps"] = RecordWriters,
        ["POST /api/escalations/schedules/{id:int}/swaps/{swapId:int}/accept"] = RecordWriters,
        ["POST /api/escalations/schedules/{id:int}/swaps/{swapId:int}/decline"] = RecordWriters,
        ["GET /api/escalations/people/{userName}/calendar.ics"] = Staff,
        ["GET /api/escalations/policies/{id:int}"] = Staff,
        ["PUT /api/escalations/policies/{id:int}"] = [Roles.Admin],
        ["GET /api/escalations/reports/escalations"] = Staff,
        ["GET /api/escalations/reports/on-call-load"] = Staff,
        ["GET /api/escalations/feeds/{token}/calendar.ics"] = [Anonymous],
        ["GET /api/escalations/feeds/me"] = Staff,
        ["POST /api/escalations/feeds/me"] = Staff,
        ["DELETE /api/escalations/feeds/me"] = Staff,
        ["GET /api/escalations/feeds/schedules/{id:int}"] = Staff,
        ["POST /api/escalations/feeds/schedules/{id:int}"] = Staff,
        ["DELETE /api/escalations/feeds/schedules/{id:int}"] = Staff,
        ["GET /api/escalations/pager"] = Staff,
        ["PUT /api/escalations/pager"] = Staff,
        ["POST /api/escalations/pager/secret"] = Staff,
        ["DELETE /api/escalations/pager"] = Staff,
        ["GET /api/continuity/categories"] = Staff,
        ["POST /api/continuity/categories"] = [Roles.Admin],
        ["GET /api/continuity/analyses"] = Staff,
        ["GET /api/continuity/analyses/{service}"] = Staff,
        ["PUT /api/continuity/analyses/{service}"] = ChangeWorkers,
        ["POST /api/continuity/analyses/{service}/submit"] = ChangeWorkers,
        ["GET /api/continuity/analyses/{service}/gaps"] = Staff,
        ["PUT /api/continuity/recovery-capabilities/{ci}"] = ChangeWorkers,
        ["GET /api/continuity/plans"] = Staff,
        ["GET /api/continuity/plans/{id:long}"] = Staff,
        ["POST /api/continuity/plans"] = ChangeWorkers,
        ["PUT /api/continuity/plans/{id:long}"] = ChangeWorkers,
        ["PUT /api/continuity/plans/{id:long}/steps"] = ChangeWorkers,
        ["POST /api/continuity/plans/{id:long}/steps"] = ChangeWorkers,
        ["POST /api/continuity/plans/{id:long}/activate"] = ChangeWorkers,
        ["GET /api/continuity/risks"] = Staff,
        ["POST /api/continuity/risks"] = ChangeWorkers,
        ["PUT /api/continuity/risks/{id:long}"] = ChangeWorkers,
        ["GET /api/continuity/plans/{id:long}/schedules"] = Staff,
        ["POST /api/continuity/plans/{id:long}/schedules"] = ChangeWorkers,
        ["DELETE /api/continuity/schedules/{id:long}"] = ChangeWorkers,
        ["GET /api/continuity/plans/{id:long}/drills"] = Staff,
        ["POST /api/continuity/plans/{id:long}/drills"] = ChangeWorkers,
        ["GET /api/continuity/drills/{id:long}"] = Staff,
        ["POST /api/continuity/drills/{id:long}/steps/{order}/start"] = ChangeWorkers,
        ["POST /api/continuity/drills/{id:long}/steps/{order}/complete"] = ChangeWorkers,
        ["GET /api/continuity/drills/{id:long}/report"] = Staff,
        ["GET /api/continuity/plans/{id:long}/reports"] = Staff,
        ["POST /api/continuity/findings/{id:long}/problem"] = ChangeWorkers,
        ["POST /api/continuity/findings/{id:long}/change"] = ChangeWorkers,
        ["PUT /api/catalog/admin/categories/{key}"] = Designers,
        ["GET /api/catalog/admin/variable-sets"] = Designers,
        ["PUT /api/catalog/admin/variable-sets/{key}"] = Designers,
        ["GET /api/catalog/admin/items"] = Designers,
        ["GET /api/catalog/admin/items/{key}"] = Designers,
        ["PUT /api/catalog/admin/items/{key}"] = Designers,
        ["PUT /api/catalog/admin/items/{key}/variables/{variable}"] = Designers,
        ["DELETE /api/catalog/admin/items/{key}/variables/{variable}"] = Designers,
        ["PUT /api/catalog/admin/items/{key}/rules/{rule}"] = Designers,
        ["DELETE /api/catalog/admin/items/{key}/rules/{rule}"] = Designers,
        ["POST /api/catalog/admin/items/{key}/publish"] = Designers,
        ["GET /api/catalog/categories"] = Everyone,
        ["GET /api/catalog/items"] = Everyone,
        ["GET /api/catalog/items/{key}"] = Everyone,
        ["POST /api/catalog/items/{key}/form"] = Everyone,
        ["GET /api/cart/"] = Everyone,
        ["POST /api/cart/lines"] = Everyone,
        ["DELETE /api/cart/lines/{id:long}"] = Everyone,
        ["POST /api/cart/checkout"] = Everyone,
        ["POST /api/requests/"] = Everyone,
        ["GET /api/requests/mine"] = Everyone,
        ["GET /api/requests/"] = Staff,
        ["GET /api/requests/{number}"] = Everyone,
        ["GET /api/requested-items/{number}"] = Everyone,
        ["POST /api/requested-items/{number}/transitions"] = RecordWriters,
        ["GET /api/problem-proposals/"] = Staff,
        ["POST /api/problem-proposals/{id:guid}/accept"] = Staff,
        ["POST /api/problem-proposals/{id:guid}/dismiss"] = Staff,
        ["GET /api/software/products"] = Staff,
        ["POST /api/software/products"] = RecordWriters,
        ["GET /api/software/products/{id:long}"] = Staff,
        ["POST /api/software/products/{id:long}/versions"] = RecordWriters,
        ["GET /api/software/products/{id:long}/compliance"] = Staff,
        ["GET /api/software/products/{id:long}/compliance/history"] = Staff,
        ["GET /api/software/compliance"] = Staff,
        ["POST /api/software/compliance/recompute"] = RecordWriters,
        ["GET /api/software/installations"] = Staff,
        ["POST /api/software/installations/import"] = RecordWriters,
        ["POST /api/software/installations/import/csv"] = RecordWriters,
        ["GET /api/software/entitlements"] = Staff,
        ["GET /api/software/entitlements/expiring"] = Staff,
        ["GET /api/software/entitlements/{id:long}"] = Staff,
        ["POST /api/software/entitlements"] = RecordWriters,
        ["PUT /api/software/entitlements/{id:long}"] = RecordWriters,
        ["DELETE /api/software/entitlements/{id:long}"] = RecordWriters,
        ["GET /api/sla-definitions/"] = Staff,
        ["GET /api/reports/service-levels"] = Staff,
        ["POST /api/sla-definitions/"] = [Roles.Admin],
        ["PUT /api/sla-definitions/{id:int}"] = [Roles.Admin],
        ["DELETE /api/sla-definitions/{id:int}"] = [Roles.Admin],
        ["GET /api/people/"] = Staff,
        ["GET /api/people/{userName}"] = Staff,
        ["GET /api/groups"] = Staff,
        ["GET /api/lookups/cis"] = Staff,
        ["GET /api/categories/"] = Everyone,
        ["POST /api/categories/"] = [Roles.Admin],
        ["PUT /api/categories/{category}"] = [Roles.Admin],
        ["DELETE /api/categories/{category}"] = [Roles.Admin],
        ["POST /api/categories/{category}/subcategories"] = [Roles.Admin],
        ["PUT /api/categories/{category}/subcategories/{subcategory}"] = [Roles.Admin],
        ["DELETE /api/categories/{category}/subcategories/{subcategory}"] = [Roles.Admin],
        ["GET /api/routing-rules/"] = [Roles.Admin],
        ["POST /api/routing-rules/"] = [Roles.Admin],
        ["PUT /api/routing-rules/{id:int}"] = [Roles.Admin],
        ["DELETE /api/routing-rules/{id:int}"] = [Roles.Admin],
        ["PUT /api/routing-rules/order"] = [Roles.Admin],
        ["GET /api/calendars/"] = Staff,
        ["GET /api/calendars/{key}"] = Staff,
        ["PUT /api/calendars/{key}"] = [Roles.Admin],
        ["POST /api/calendars/{key}/holidays"] = [Roles.Admin],
        ["POST /api/deployments"] = Designers,
        ["GET /api/process-definitions/"] = Everyone,
        ["GET /api/process-definitions/overview"] = Staff,
        ["GET /api/process-definitions/{key}/versions"] = Everyone,
        ["GET /api/process-definitions/{key}/versions/{version:int}/xml"] = Staff,
        ["GET /api/process-definitions/element-templates"] = Everyone,
        ["GET /api/decisions/"] = Everyone,
        ["GET /api/decisions/{key}/xml"] = Staff,
        ["POST /api/decisions/{key}/evaluate"] = Staff,
        ["GET /api/forms/"] = Everyone,
        ["GET /api/process-drafts/{key}/"] = Designers,
        ["PUT /api/process-drafts/{key}/"] = Designers,
        ["POST /api/process-drafts/{key}/check"] = Designers,
        ["POST /api/process-drafts/{key}/publish"] = Designers,
        ["POST /api/process-instances/"] = Staff,
        ["GET /api/process-instances/"] = Designers,
        ["GET /api/process-instances/{id}"] = Staff,
        ["POST /api/process-instances/{id}/cancel"] = Designers,
        ["POST /api/process-instances/{id}/suspend"] = Designers,
        ["POST /api/process-instances/{id}/resume"] = Designers,
        ["PUT /api/process-instances/{id}/variables"] = Designers,
        ["POST /api/process-instances/{id}/migrate"] = Designers,
        ["POST /api/process-instances/{id}/trigger"] = Designers,
        ["GET /api/tasks/"] = Staff,
        ["GET /api/tasks/{id}"] = Staff,
        ["POST /api/tasks/{id}/complete"] = Staff,
        ["POST /api/tasks/{id}/claim"] = Staff,
        ["POST /api/tasks/{id}/unclaim"] = Staff,
        ["POST /api/tasks/{id}/assign"] = Staff,
        ["POST /api/tasks/{id}/delegate"] = Staff,
        ["GET /api/tasks/{id}/deployed-form"] = Staff,
        ["GET /api/tasks/{id}/comments"] = Staff,
        ["POST /api/tasks/{id}/comments"] = Staff,
        ["POST /api/messages"] = Designers,
        ["POST /api/signals"] = Designers,
        ["POST /api/conditions"] = Designers,
        ["POST /api/external-tasks/fetch-and-lock"] = Staff,
        ["POST /api/external-tasks/{id}/complete"] = Staff,
        ["POST /api/external-tasks/{id}/failure"] = Staff,
        ["POST /api/external-tasks/{id}/extend-lock"] = Staff,
        ["POST /api/external-tasks/{id}/bpmn-error"] = Staff,
        ["GET /api/assets/models"] = Staff,
        ["POST /api/assets/models"] = [Roles.Admin],
        ["PUT /api/assets/models/{id:int}"] = [Roles.Admin],
        ["GET /api/assets/"] = Staff,
        ["GET /api/assets/warranty-ending"] = Staff,
        ["GET /api/assets/{number}"] = Staff,
        ["POST /api/assets/"] = RecordWriters,
        ["PATCH /api/assets/{number}"] = RecordWriters,
        ["POST /api/assets/{number}/move"] = RecordWriters,
        ["POST /api/assets/{number}/assign"] = RecordWriters,
        ["POST /api/assets/{number}/reserve"] = RecordWriters,
        ["POST /api/assets/{number}/release"] = RecordWriters,
        ["POST /api/assets/{number}/issue"] = RecordWriters,
        ["POST /api/assets/import"] = RecordWriters,
        ["GET /api/assets/stockrooms"] = Staff,
        ["POST /api/assets/stockrooms"] = [Roles.Admin],
        ["GET /api/assets/stock"] = Staff,
        ["GET /api/assets/stock-rules"] = Staff,
        ["POST /api/assets/stock-rules"] = [Roles.Admin],
        ["DELETE /api/assets/stock-rules/{id:int}"] = [Roles.Admin],
        ["GET /api/assets/restock-orders"] = Staff,
        ["POST /api/assets/restock-orders/{id:int}/state"] = RecordWriters,
        ["GET /api/faults/"] = Designers,
        ["GET /api/faults/{id:guid}"] = Designers,
        ["POST /api/faults/{id:guid}/retry"] = Designers,
        ["POST /api/faults/{id:guid}/cancel-instance"] = Designers,
        ["GET /api/cmdb/classes"] = Staff,
        ["POST /api/cmdb/classes"] = [Roles.Admin],
        ["PUT /api/cmdb/classes/{key}"] = [Roles.Admin],
        ["POST /api/cmdb/classes/{key}/attributes"] = [Roles.Admin],
        ["PUT /api/cmdb/classes/{key}/attributes/{attribute}"] = [Roles.Admin],
        ["GET /api/cmdb/relation-types"] = Staff,
        ["GET /api/cmdb/cis/"] = Staff,
        ["GET /api/cmdb/cis/{number}"] = Staff,
        ["POST /api/cmdb/cis/"] = RecordWriters,
        ["PATCH /api/cmdb/cis/{number}"] = RecordWriters,
        ["POST /api/cmdb/cis/{number}/transitions"] = RecordWriters,
        ["GET /api/cmdb/cis/{number}/impact"] = Staff,
        ["GET /api/cmdb/cis/{number}/neighbours"] = Staff,
        ["GET /api/cmdb/health"] = Staff,
        ["POST /api/cmdb/impact"] = Staff,
        ["POST /api/cmdb/relations"] = RecordWriters,
        ["DELETE /api/cmdb/relations/{id:long}"] = RecordWriters,
        ["GET /api/cmdb/classes/{key}/identification-rules"] = Staff,
        ["PUT /api/cmdb/classes/{key}/identification-rules"] = [Roles.Admin],
        ["GET /api/cmdb/sources"] = Staff,
        ["PUT /api/cmdb/sources/{key}"] = [Roles.Admin],
        ["POST /api/cmdb/import"] = RecordWriters,
        ["POST /api/cmdb/import/csv"] = RecordWriters,
        ["GET /api/cmdb/duplicate-tasks"] = Staff,
        ["GET /api/cmdb/duplicate-tasks/{id:long}"] = Staff,
        ["POST /api/cmdb/duplicate-tasks/{id:long}/resolve"] = RecordWriters,
    };

    private static readonly string[] RolesToTry = [Roles.Requester, Roles.Agent, Roles.ProcessOwner, Roles.ChangeManager, Roles.CabMember, Roles.Admin, Roles.Pipeline];

    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private List<(string Method, string Route)> ApiEndpoints()
    {
        host.StartServer();
        return host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && !e.RoutePattern.RawText.StartsWith("/api/docs", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!)))
            .Distinct()
            .ToList();
    }

    [Fact]
    public void Every_api_endpoint_is_in_the_matrix()
    {
        var missing = ApiEndpoints().Select(e => $"{e.Method} {e.Route}").Where(e => !Matrix.ContainsKey(e)).ToList();

        missing.Should().BeEmpty("every endpoint needs its row in AuthorizationMatrixTests.Matrix (who may call it)");
    }

    [Fact]
    public async Task Each_endpoint_answers_each_role_as_the_matrix_says()
    {
        var ct = TestContext.Current.CancellationToken;
        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = host.CreateBrowserClient() };
        foreach (var role in RolesToTry)
        {
            var user = $"matrix-{role}";
            if (role == Roles.Admin)
            {
                clients[role] = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
                continue;
            }

            await host.CreateUserAsync(user, "Matrix-Pass-1!", role);
            clients[role] = await host.SignedInAsync(user, "Matrix-Pass-1!");
        }

        var wrong = new List<string>();
        foreach (var (method, route) in ApiEndpoints().Where(e => Matrix.ContainsKey($"{e.Method} {e.Route}")))
        {
            var allowed = Matrix[$"{method} {route}"];
            foreach (var (who, client) in clients)
            {
                using var response = await client.SendAsync(Request(method, route), ct);
                var status = (int)response.StatusCode;
                var expected = allowed.Contains(Anonymous) ? "allowed"
                    : who == "anonymous" ? "401"
                    : allowed.Contains(SignedIn) || allowed.Contains(who) ? "allowed"
                    : "403";
                var ok = expected switch
                {
                    "401" => status == 401,
                    "403" => status == 403,
                    _ => status is not (401 or 403) && status < 500,
                };
                if (!ok)
                {
                    wrong.Add($"{method} {route} as {who}: {status}, expected {expected}");
                }
            }
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        wrong.Should().BeEmpty();
    }

    /// <summary>
    /// API tokens go through the same matrix: a token with every write scope answers as its owner's cookie does; a
    /// token with every read scope reads what its owner may and writes nothing (403); a malformed token gets 401.
    /// </summary>
    [Fact]
    public async Task Tokens_answer_each_endpoint_as_their_owner_and_their_scopes_say()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.CreateUserAsync("matrix-token-agent", "Matrix-Pass-1!", Roles.Agent);
        using var agentCookie = await host.SignedInAsync("matrix-token-agent", "Matrix-Pass-1!");
        using var adminCookie = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        var agentWrites = await TokenAsync(agentCookie, ApiScopes.All.Where(s => s.EndsWith(":write", StringComparison.Ordinal)));
        var adminReads = await TokenAsync(adminCookie, ApiScopes.All.Where(s => s.EndsWith(":read", StringComparison.Ordinal)));
        using var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var wrong = new List<string>();
        foreach (var (method, route) in ApiEndpoints().Where(e => Matrix.ContainsKey($"{e.Method} {e.Route}")))
        {
            var allowed = Matrix[$"{method} {route}"];
            var write = method is not ("GET" or "HEAD");
            foreach (var (who, token, expected) in new[]
            {
                ("agent token, all write scopes", agentWrites, allowed.Contains(SignedIn) || allowed.Contains(Roles.Agent) ? "allowed" : "403"),
                ("admin token, all read scopes", adminReads, write ? "403" : allowed.Contains(SignedIn) || allowed.Contains(Roles.Admin) ? "allowed" : "403"),
                ("malformed token", "witk_not-a-token", "401"),
            }.Select(c => allowed.Contains(Anonymous) ? (c.Item1, c.Item2, "allowed") : c))
            {
                using var request = Request(method, route);
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                using var response = await client.SendAsync(request, ct);
                var status = (int)response.StatusCode;
                var ok = expected switch
                {
                    "401" => status == 401,
                    "403" => status == 403,
                    _ => status is not (401 or 403) && status < 500,
                };
                if (!ok)
                {
                    wrong.Add($"{method} {route} with {who}: {status}, expected {expected}");
                }
            }
        }

        wrong.Should().BeEmpty();
    }

    private static async Task<string> TokenAsync(HttpClient owner, IEnumerable<string> scopes)
    {
        using var response = await owner.PostAsJsonAsync("/api/me/tokens/", new { name = $"matrix {Guid.NewGuid():N}", scopes, expiresInDays = 1 }, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken);
        return created.GetProperty("secret").GetString()!;
    }

    /// <summary>The route with placeholder values (ids that do not exist) and an empty JSON body for writes.</summary>
    private static HttpRequestMessage Request(string method, string route)
    {
        var path = route
            .Replace("{id:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
            .Replace("{version:int}", "1", StringComparison.Ordinal)
            .Replace("{id:int}", "999999", StringComparison.Ordinal)
            .Replace("{id:long}", "999999", StringComparison.Ordinal)
            .Replace("{overrideId:int}", "999999", StringComparison.Ordinal)
            .Replace("{swapId:int}", "999999", StringComparison.Ordinal)
            .Replace("{id}", "no-such-id", StringComparison.Ordinal)
            .Replace("{key}", "no-such-key", StringComparison.Ordinal)
            .Replace("{number}", "INC0000000", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (route is "/api/deployments" or "/api/incidents/{number}/attachments" && method == "POST")
        {
            // They accept only multipart (415 otherwise, before authorization): send the form they expect, without files.
            request.Content = new MultipartFormDataContent { { new StringContent("matrix"), "comment" } };
        }
        else if (route == "/api/calendars/{key}/holidays")
        {
            // It accepts only iCalendar text (415 otherwise, before authorization).
            request.Content = new StringContent("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", Encoding.UTF8, "text/calendar");
        }
        else if (route == "/api/software/installations/import/csv")
        {
            // It accepts only CSV text (415 otherwise, before authorization).
            request.Content = new StringContent("device,publisher,product,version\n", Encoding.UTF8, "text/csv");
        }
        else if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
