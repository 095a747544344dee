using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>An attachment without its content, for lists.</summary>
public sealed record IncidentAttachmentView(long Id, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, DateTime UploadedAt);

/// <summary>
/// Files on incidents: each one checked (size, allowed type, first bytes) before anything is stored, stored with its
/// audit entry ("attachment": the name added or removed) in one transaction, so a refused file leaves no trace.
/// Who may see or add them is the caller's business (the API's requester rules).
/// </summary>
public sealed class IncidentAttachments(ItsmDbContext db, IncidentService incidents, IncidentQueries queries, IncidentAttachmentOptions options, TimeProvider time)
{
    public const string AuditField = "attachment";

    /// <exception cref="IncidentNotFoundException"/>
    /// <exception cref="AttachmentTooLargeException"/>
    /// <exception cref="AttachmentTypeRefusedException"/>
    public async Task<IncidentAttachmentView> AddAsync(string number, string? fileName, string? contentType, byte[] content, string by, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(number, cancellationToken);
        if (content.LongLength > options.MaxBytes)
        {
            throw new AttachmentTooLargeException(options.MaxBytes);
        }

        var type = IncidentAttachmentRules.Normalize(contentType);
        var safeName = IncidentAttachmentRules.SafeFileName(fileName);
        IncidentAttachmentRules.CheckType(type, content, options.EffectiveContentTypes);
        IncidentAttachmentRules.CheckName(safeName);
        var now = time.GetUtcNow().UtcDateTime;
        var attachment = new IncidentAttachment
        {
            IncidentId = incident.Id,
            FileName = safeName,
            ContentType = type,
            Size = content.LongLength,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Content = content,
            UploadedBy = by,
            UploadedAt = now,
        };
        db.IncidentAttachments.Add(attachment);
        incidents.Audit(incident, AuditField, null, attachment.FileName, by);
        incident.UpdatedAt = now;
        await incidents.SaveAsync(incident, cancellationToken);
        return ToView(attachment);
    }

    /// <exception cref="IncidentNotFoundException"/>
    public async Task<IReadOnlyList<IncidentAttachmentView>> ListAsync(string number, CancellationToken cancellationToken)
    {
        var incidentId = await IncidentIdAsync(number, cancellationToken);
        return await db.IncidentAttachments.AsNoTracking().Where(a => a.IncidentId == incidentId)
            .OrderBy(a => a.UploadedAt).ThenBy(a => a.Id)
            .Select(a => new IncidentAttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedBy, a.UploadedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One attachment with its content; null when the incident has none with that id.</summary>
    /// <exception cref="IncidentNotFoundException"/>
    public async Task<IncidentAttachment?> GetAsync(string number, long id, CancellationToken cancellationToken)
    {
        var incidentId = await IncidentIdAsync(number, cancellationToken);
        return await db.IncidentAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.IncidentId == incidentId, cancellationToken);
    }

    /// <returns>False when the incident has no attachment with that id.</returns>
    /// <exception cref="IncidentNotFoundException"/>
    public async Task<bool> DeleteAsync(string number, long id, string by, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(number, cancellationToken);
        // Without its content: only the row goes.
        var found = await db.IncidentAttachments.AsNoTracking().Where(a => a.Id == id && a.IncidentId == incident.Id)
            .Select(a => new { a.Id, a.FileName }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return false;
        }

        db.IncidentAttachments.Remove(new IncidentAttachment { Id = found.Id, FileName = found.FileName, ContentType = "", Sha256 = "", Content = [], UploadedBy = "" });
        incidents.Audit(incident, AuditField, found.FileName, null, by);
        incident.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await incidents.SaveAsync(incident, cancellationToken);
        return true;
    }

    private async Task<long> IncidentIdAsync(string number, CancellationToken cancellationToken) =>
        (await queries.IdentifyAsync(number, cancellationToken))?.Id ?? throw new IncidentNotFoundException(number);

    private static IncidentAttachmentView ToView(IncidentAttachment a) => new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedBy, a.UploadedAt);
}
