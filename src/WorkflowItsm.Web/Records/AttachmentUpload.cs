using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Records;

/// <summary>
/// Attaches a file chosen in the browser to a record, for any page that offers it (the agent's record page, the
/// requester's request page): too large a file is refused before a byte crosses the connection, with the API's words.
/// </summary>
internal static class AttachmentUpload
{
    /// <returns>Null when attached; otherwise what went wrong, in words for the person (with the API's status code).</returns>
    public static async Task<string?> AttachAsync(
        IServiceScopeFactory scopes, AttachmentOptions options, string number, IBrowserFile file, string by, CancellationToken cancellationToken)
    {
        if (file.Size > options.MaxBytes)
        {
            return $"{file.Name}: {new AttachmentTooLargeException(options.MaxBytes).Message} (413)";
        }

        try
        {
            var content = new byte[file.Size];
            await using (var stream = file.OpenReadStream(options.MaxBytes, cancellationToken))
            {
                await stream.ReadExactlyAsync(content, cancellationToken);
            }

            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RecordAttachments>().AddAsync(number, file.Name, file.ContentType, content, by, CancellationToken.None);
            return null;
        }
        catch (AttachmentTooLargeException tooLarge)
        {
            return $"{file.Name}: {tooLarge.Message} (413)";
        }
        catch (AttachmentTypeRefusedException refused)
        {
            return $"{file.Name}: {refused.Message} (415)";
        }
        catch (RecordConcurrencyException stale)
        {
            return stale.Message;
        }
    }
}
