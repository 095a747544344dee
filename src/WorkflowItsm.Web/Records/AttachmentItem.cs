namespace WorkflowItsm.Web.Records;

/// <summary>A file attached to a record, as the attachments panel lists it.</summary>
/// <param name="DownloadHref">The file's address; the browser saves it.</param>
public sealed record AttachmentItem(long Id, string FileName, string ContentType, long Size, string UploadedBy, DateTime UploadedAt, string DownloadHref);
