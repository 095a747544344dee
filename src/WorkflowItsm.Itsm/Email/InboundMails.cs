using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Email;

/// <summary>A received mail for the admins' list, without its raw content.</summary>
public sealed record InboundMailView(long Id, DateTime ReceivedAt, string? Sender, string? SenderName, string? Subject, long Size, InboundMailOutcome Outcome, string Result, string? RecordNumber);

/// <summary>The received mails, newest first, with what became of each in words.</summary>
public sealed class InboundMails(ItsmDbContext db)
{
    public const int PageSize = 200;

    public async Task<IReadOnlyList<InboundMailView>> ListAsync(string? search, CancellationToken cancellationToken)
    {
        var query = db.Set<InboundMail>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // LIKE: case-insensitive on SQLite and SQL Server; senders are stored in lower case for PostgreSQL.
            var like = $"%{search.Trim().Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)}%";
            var sender = like.ToLowerInvariant();
            var number = search.Trim().ToUpperInvariant();
            query = query.Where(m => EF.Functions.Like(m.Sender!, sender) || EF.Functions.Like(m.Subject!, like) || m.RecordNumber == number);
        }

        var rows = await query.OrderByDescending(m => m.Id).Take(PageSize)
            .Select(m => new { m.Id, m.ReceivedAt, m.Sender, m.SenderName, m.Subject, m.Size, m.Outcome, m.OutcomeText, m.RecordNumber })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(m => new InboundMailView(m.Id, m.ReceivedAt, m.Sender, m.SenderName, m.Subject, m.Size, m.Outcome, m.OutcomeText ?? Label(m.Outcome), m.RecordNumber))];
    }

    /// <summary>The raw mail as received (an .eml), or null.</summary>
    public Task<byte[]?> RawAsync(long id, CancellationToken cancellationToken) =>
        db.Set<InboundMail>().AsNoTracking().Where(m => m.Id == id).Select(m => m.Raw).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The outcome in words when no text was written for it.</summary>
    public static string Label(InboundMailOutcome outcome) => outcome switch
    {
        InboundMailOutcome.Received => "Waiting to be processed",
        InboundMailOutcome.Created => "Record created",
        InboundMailOutcome.Commented => "Comment added",
        InboundMailOutcome.Ignored => "Ignored",
        InboundMailOutcome.Refused => "Refused",
        InboundMailOutcome.Dropped => "Dropped",
        _ => "Failed",
    };
}
