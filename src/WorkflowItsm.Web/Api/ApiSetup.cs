using MudBlazor;
using Scalar.AspNetCore;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// The REST API under <c>/api</c>: OpenAPI document and Scalar UI under <c>/api/docs</c>, problem-details errors, the
/// API of the runtime and of the caller; every module adds its own endpoints (<see cref="WebModule.Api"/>).
/// </summary>
internal static class ApiSetup
{
    public const string OpenApiDocumentPattern = "/api/docs/openapi/{documentName}.json";

    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddScoped<InstanceVisibility>();
        services.AddApiRequestGuards();
        // Enums travel as names ("Running", "Open") in both directions.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "WorkflowItsm API";
            document.Info.Description = "IT service management on a BPMN 2.0 workflow engine.";
            return Task.CompletedTask;
        }).AddDocumentRules());
        services.AddWebModule(new WebModule("API")
        {
            Menu = [new MenuEntry(1200, "API reference", Icons.Material.Filled.Api, "api/docs") { Roles = MenuRoles.Admins, ForceLoad = true, Section = MenuSections.Administration }],
            Api = api => api.MapMeApi().MapMessagesApi().MapExternalTasksApi().MapFaultsApi(),
        });
        return services;
    }

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(OpenApiDocumentPattern);
        endpoints.MapScalarApiReference("/api/docs", scalar => scalar
            .WithTitle("WorkflowItsm API")
            // Its default fonts come from a CDN: the reference must work on a closed network and tell no third party.
            .DisableDefaultFonts()
            .WithOpenApiRoutePattern(OpenApiDocumentPattern));

        // Every refusal of the domain or the runtime becomes problem details in one place (ApiProblems).
        var api = endpoints.MapGroup("/api").RequireAuthorization().AddEndpointFilter(ApiProblems.AnswerRefusalsAsync);
        foreach (var module in endpoints.ServiceProvider.GetServices<WebModule>())
        {
            module.Api?.Invoke(api);
        }

        return endpoints;
    }
}
