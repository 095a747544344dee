using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Files on incidents. The caller adds, lists and downloads them on their own incident (anybody else's answers 404),
/// staff on every incident; only staff remove them. A file over the limit answers 413 and one of a refused type (or
/// whose first bytes contradict its type) 415, and nothing is stored.
/// </summary>
internal static class IncidentAttachmentsApi
{
    public const string FileField = "file";

    // Room for the multipart boundaries and part headers around the file when judging Content-Length.
    private const long MultipartAllowance = 16 * 1024;
    private const int ReadChunk = 64 * 1024;

    public static RouteGroupBuilder MapIncidentAttachmentsApi(this RouteGroupBuilder api)
    {
        var attachments = api.MapGroup("/incidents").WithTags("Incident attachments");

        attachments.MapPost("/{number}/attachments", UploadAsync)
            .DisableAntiforgery() // API clients post multipart; the SameSite=Lax cookie and the cross-site guard keep other sites out.
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(ApiBodyLimit.Attachment)
            .WithName("AddIncidentAttachment")
            .WithSummary("Attach a file (multipart/form-data, field 'file'); 413 over the size limit, 415 for a refused type, nothing stored then")
            .WithDescription("The type is checked against Attachments:AllowedContentTypes and, for images, PDF and zip-based documents, against the file's first bytes. The file name keeps no path.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        attachments.MapGet("/{number}/attachments", ListAsync)
            .WithName("ListIncidentAttachments")
            .WithSummary("The incident's attachments without their content")
            .ProducesProblems(StatusCodes.Status404NotFound);

        attachments.MapGet("/{number}/attachments/{id:long}", DownloadAsync)
            .WithName("DownloadIncidentAttachment")
            .WithSummary("The file, as a download (Content-Disposition: attachment)")
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblems(StatusCodes.Status404NotFound);

        attachments.MapDelete("/{number}/attachments/{id:long}", DeleteAsync)
            .RequireAuthorization(Policies.WorkTasks)
            .WithName("DeleteIncidentAttachment")
            .WithSummary("Remove an attachment (staff); audited")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<AttachmentView>>, ProblemHttpResult>> ListAsync(
        string number, ClaimsPrincipal user, IncidentQueries queries, RecordAttachments files, CancellationToken ct) =>
        await MayAccessAsync(number, user, queries, ct)
            ? TypedResults.Ok(await files.ListAsync(number, ct))
            : NoIncident(number);

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        string number, long id, ClaimsPrincipal user, HttpResponse response, IncidentQueries queries, RecordAttachments files, CancellationToken ct)
    {
        if (!await MayAccessAsync(number, user, queries, ct))
        {
            return NoIncident(number);
        }

        if (await files.GetAsync(number, id, ct) is not { } attachment)
        {
            return ApiProblems.NotFound($"{number} has no attachment {id}.");
        }

        // Always a download, never rendered by the browser as whatever it guesses the bytes are.
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(attachment.Content, attachment.ContentType, attachment.FileName);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string number, long id, ClaimsPrincipal user, RecordAttachments files, CancellationToken ct) =>
        await files.DeleteAsync(number, id, Name(user), ct)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"{number} has no attachment {id}.");

    public static async Task<Results<Created<AttachmentView>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        string number, HttpRequest request, ClaimsPrincipal user, IncidentQueries queries, RecordAttachments files, AttachmentOptions options,
        CancellationToken ct)
    {
        if (!await MayAccessAsync(number, user, queries, ct))
        {
            return NoIncident(number);
        }

        // Refused before a byte of the body is read when the request says it is too big.
        if (request.ContentLength > options.MaxBytes + MultipartAllowance)
        {
            return ApiProblems.FileTooLarge(new AttachmentTooLargeException(options.MaxBytes));
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return MissingFile();
        }

        var reader = new MultipartReader(boundary, request.Body);
        for (var section = await reader.ReadNextSectionAsync(ct); section is not null; section = await reader.ReadNextSectionAsync(ct))
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()
                || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, FileField, StringComparison.Ordinal))
            {
                continue; // the reader skips what is left of a part nobody reads
            }

            var content = await ReadUpToAsync(section.Body, options.MaxBytes, ct);
            if (content is null)
            {
                return ApiProblems.FileTooLarge(new AttachmentTooLargeException(options.MaxBytes));
            }

            var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            var attachment = await files.AddAsync(number, fileName, section.ContentType, content, Name(user), ct);
            return TypedResults.Created($"/api/incidents/{number}/attachments/{attachment.Id}", attachment);
        }

        return MissingFile();
    }

    /// <summary>The stream's bytes, or null as soon as it has more than <paramref name="maxBytes"/>: at most one byte over the limit is ever held.</summary>
    private static async Task<byte[]?> ReadUpToAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        var cap = maxBytes + 1;
        var buffer = new byte[(int)Math.Min(cap, ReadChunk)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(cap, (long)buffer.Length * 2));
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
            {
                return buffer.AsSpan(0, length).ToArray();
            }

            length += read;
            if (length > maxBytes)
            {
                return null;
            }
        }
    }

    private static async Task<bool> MayAccessAsync(string number, ClaimsPrincipal user, IncidentQueries queries, CancellationToken ct) =>
        await queries.CallerOfAsync(number, ct) is { } caller && (Policies.IsStaff(user) || caller == Name(user));

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;

    private static ProblemHttpResult NoIncident(string number) => ApiProblems.NotFound($"No incident '{number}'.");

    private static ValidationProblem MissingFile() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [FileField] = [$"Send multipart/form-data with the file in the field '{FileField}'."] });
}
