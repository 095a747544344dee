using Microsoft.EntityFrameworkCore;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// Messages that arrive before their receiver waits (a reply faster than the process, say) are kept for a while
/// when the sender asks for it; the first instance that comes to wait for one under its name and key takes it.
/// </summary>
public sealed partial class WorkflowRuntime
{
    private const int MaxBufferedTakeAttempts = 3;

    private async Task<DateTime> BufferAsync(
        string messageName, string? correlationKey, IReadOnlyDictionary<string, object?>? variables, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        var now = Now;
        // Expired messages are never delivered; clearing them here keeps the table as small as what is pending.
        await db.BufferedMessages.Where(m => m.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var message = new BufferedMessageRecord
        {
            Id = Guid.CreateVersion7(),
            MessageName = messageName,
            CorrelationKey = correlationKey,
            VariablesJson = BufferedMessageRecord.ToJson(variables),
            BufferedAt = now,
            ExpiresAt = now + keepFor,
        };
        db.BufferedMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        return message.ExpiresAt;
    }

    /// <summary>
    /// After a commit that made instances wait for messages: hands each the oldest unexpired buffered message for
    /// it. A message is taken by deleting its row (one host wins); if the instance no longer waits by then, the
    /// message goes back to the buffer.
    /// </summary>
    private async Task DeliverBufferedMessagesAsync(AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        foreach (var (instanceId, messageName, waitKey) in afterCommit.MessageWaits)
        {
            for (var attempt = 0; attempt < MaxBufferedTakeAttempts; attempt++)
            {
                var now = Now;
                var message = await db.BufferedMessages.AsNoTracking()
                    .Where(m => m.MessageName == messageName && m.ExpiresAt > now && (m.CorrelationKey == null || m.CorrelationKey == waitKey))
                    .OrderBy(m => m.BufferedAt)
                    .FirstOrDefaultAsync(cancellationToken);
                if (message is null)
                {
                    break;
                }

                if (await db.BufferedMessages.Where(m => m.Id == message.Id).ExecuteDeleteAsync(cancellationToken) == 0)
                {
                    continue; // another trigger took it first: look for the next one
                }

                if (!await DeliverMessageAsync(instanceId, messageName, message.CorrelationKey, message.Variables(), cancellationToken))
                {
                    db.ChangeTracker.Clear();
                    db.BufferedMessages.Add(message);
                    await db.SaveChangesAsync(cancellationToken);
                }

                break;
            }
        }
    }
}
