using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Api;

/// <summary>Limits of the API's request bodies (section Api).</summary>
public sealed class ApiLimitOptions
{
    public const string Section = "Api";

    /// <summary>Largest JSON body (1 MiB); variables have their own, smaller limits in the runtime.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest deployment request, all its files together (30 MiB).</summary>
    public long MaxDeploymentBytes { get; set; } = 30 * 1024 * 1024;
}

/// <summary>Which body limit an endpoint has: the JSON default unless it says otherwise.</summary>
internal sealed record ApiBodyLimit(ApiBodyKind Kind)
{
    public static readonly ApiBodyLimit Deployment = new(ApiBodyKind.Deployment);
    public static readonly ApiBodyLimit Attachment = new(ApiBodyKind.Attachment);
}

internal enum ApiBodyKind
{
    Json,
    Deployment,
    Attachment,
}

/// <summary>
/// What every /api request goes through: a body over its limit answers 413 problem details (by its Content-Length
/// before reading, or by the server while reading); a body or parameter that cannot be bound answers 400 problem
/// details naming the field (the JSON path, or the parameter); responses are never cached.
/// </summary>
internal static partial class ApiRequestGuards
{
    // The multipart boundaries and part headers around an attachment.
    private const long MultipartAllowance = 16 * 1024;

    // More than any single read returns, so the stream below always refuses first.
    private const long BackstopAllowance = 1024 * 1024;

    public static IServiceCollection AddApiRequestGuards(this IServiceCollection services)
    {
        services.AddOptions<ApiLimitOptions>().BindConfiguration(ApiLimitOptions.Section)
            .Validate(o => o.MaxRequestBodyBytes > 0 && o.MaxDeploymentBytes > 0, "Api:MaxRequestBodyBytes and Api:MaxDeploymentBytes must be more than 0.");
        // Binding failures throw (in every environment) so that the guard below can answer them with the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseApiRequestGuards(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/api/docs"))
            {
                await next(context);
                return;
            }

            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });

            var limit = LimitOf(context);
            if (context.Request.ContentLength > limit)
            {
                await TooLarge(limit).ExecuteAsync(context);
                return;
            }

            // Counted here for a body without Content-Length (the server's own limit stays as a backstop above it:
            // its refusal is an IOException that the endpoint would take for a client gone away).
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = limit + BackstopAllowance;
            }

            context.Request.Body = new LimitedBodyStream(context.Request.Body, limit);
            try
            {
                await next(context);
            }
            catch (RequestBodyTooLargeException) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await TooLarge(limit).ExecuteAsync(context);
            }
            catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await (bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? (IResult)TooLarge(limit) : Invalid(bad)).ExecuteAsync(context);
            }
        });

    private static long LimitOf(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiLimitOptions>>().Value;
        return context.GetEndpoint()?.Metadata.GetMetadata<ApiBodyLimit>()?.Kind switch
        {
            ApiBodyKind.Deployment => options.MaxDeploymentBytes,
            ApiBodyKind.Attachment => context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AttachmentOptions>>().Value.MaxBytes + MultipartAllowance,
            _ => options.MaxRequestBodyBytes,
        };
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(title: "Request too large", detail: $"The request body is larger than the limit of {AttachmentRules.Describe(limit)}.",
            statusCode: StatusCodes.Status413PayloadTooLarge, extensions: new Dictionary<string, object?> { ["maxBytes"] = limit });

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem Invalid(BadHttpRequestException bad)
    {
        var (field, message) = bad.InnerException is JsonException json
            ? (FieldOf(json.Path), JsonMessage(json))
            : BindingFailure().Match(bad.Message) is { Success: true } binding
                ? (binding.Groups["name"].Value, $"'{binding.Groups["value"].Value}' is not a valid {binding.Groups["type"].Value.TrimEnd('?')}.")
                : ("request", bad.Message);
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}", title: "The request is invalid");
    }

    // "$.variables.impact" → "variables.impact"; the document itself ("$" or none) → "body".
    private static string FieldOf(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    // The serializer's message ends with where it was: the path is given separately, and line and byte help nobody.
    private static string JsonMessage(JsonException json)
    {
        var message = json.Message;
        var at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    // Minimal APIs' words for a query, route or header value that does not parse: Failed to bind parameter "int? page" from "x".
    [GeneratedRegex("""Failed to bind parameter "(?<type>[^"]+) (?<name>[^" ]+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex BindingFailure();

    /// <summary>Thrown by <see cref="LimitedBodyStream"/>; deliberately no IOException, which endpoints swallow as an aborted request.</summary>
    private sealed class RequestBodyTooLargeException() : Exception("The request body is over the limit.");

    /// <summary>Reads the request body and throws as soon as more than the limit has come.</summary>
    private sealed class LimitedBodyStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int bytes)
        {
            read += bytes;
            return read > limit ? throw new RequestBodyTooLargeException() : bytes;
        }
    }
}
