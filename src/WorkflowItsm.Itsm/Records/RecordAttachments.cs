using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Records;

/// <summary>An attachment without its content, for lists.</summary>
public sealed record AttachmentView(long Id, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, DateTime UploadedAt);

/// <summary>
/// Files on records of any kind: each one checked (size, allowed type, first bytes) before anything is stored, stored
/// with its audit entry ("attachment": the name added or removed) in one transaction, so a refused file leaves no
/// trace. Who may see or add them is the caller's business (the API's requester rules).
/// </summary>
public sealed class RecordAttachments(ItsmDbContext db, RecordStore store, RecordHistory history, AttachmentOptions options)
{
    public const string AuditField = "attachment";

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="AttachmentTooLargeException"/>
    /// <exception cref="AttachmentTypeRefusedException"/>
    public async Task<AttachmentView> AddAsync(string number, string? fileName, string? contentType, byte[] content, string by, CancellationToken cancellationToken)
    {
        var record = await store.FindAsync(number, cancellationToken);
        if (content.LongLength > options.MaxBytes)
        {
            throw new AttachmentTooLargeException(options.MaxBytes);
        }

        var type = AttachmentRules.Normalize(contentType);
        var safeName = AttachmentRules.SafeFileName(fileName);
        AttachmentRules.CheckType(type, content, options.EffectiveContentTypes);
        AttachmentRules.CheckName(safeName);
        var attachment = new RecordAttachment
        {
            RecordNumber = record.Number,
            FileName = safeName,
            ContentType = type,
            Size = content.LongLength,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Content = content,
            UploadedBy = by,
            UploadedAt = history.Now,
        };
        db.Set<RecordAttachment>().Add(attachment);
        history.Audit(record, AuditField, null, attachment.FileName, by);
        record.UpdatedAt = history.Now;
        await store.SaveAsync(record, cancellationToken);
        return ToView(attachment);
    }

    /// <exception cref="RecordNotFoundException"/>
    public async Task<IReadOnlyList<AttachmentView>> ListAsync(string number, CancellationToken cancellationToken)
    {
        await store.EnsureExistsAsync(number, cancellationToken);
        return await db.Set<RecordAttachment>().AsNoTracking().Where(a => a.RecordNumber == number)
            .OrderBy(a => a.UploadedAt).ThenBy(a => a.Id)
            .Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedBy, a.UploadedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One attachment with its content; null when the record has none with that id.</summary>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<RecordAttachment?> GetAsync(string number, long id, CancellationToken cancellationToken)
    {
        await store.EnsureExistsAsync(number, cancellationToken);
        return await db.Set<RecordAttachment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.RecordNumber == number, cancellationToken);
    }

    /// <returns>False when the record has no attachment with that id.</returns>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<bool> DeleteAsync(string number, long id, string by, CancellationToken cancellationToken)
    {
        var record = await store.FindAsync(number, cancellationToken);
        // Without its content: only the row goes.
        var found = await db.Set<RecordAttachment>().AsNoTracking().Where(a => a.Id == id && a.RecordNumber == record.Number)
            .Select(a => new { a.Id, a.FileName }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return false;
        }

        db.Set<RecordAttachment>().Remove(new RecordAttachment { Id = found.Id, RecordNumber = record.Number, FileName = found.FileName, ContentType = "", Sha256 = "", Content = [], UploadedBy = "" });
        history.Audit(record, AuditField, found.FileName, null, by);
        record.UpdatedAt = history.Now;
        await store.SaveAsync(record, cancellationToken);
        return true;
    }

    private static AttachmentView ToView(RecordAttachment a) => new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedBy, a.UploadedAt);
}
