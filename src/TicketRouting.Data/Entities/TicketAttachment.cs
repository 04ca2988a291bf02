namespace TicketRouting.Data.Entities;

/// <summary>A file attached to a ticket: the metadata lives here, the bytes in the attachment store under <see cref="StorageName"/>.</summary>
public class TicketAttachment
{
    public int Id { get; set; }
    public int TicketId { get; set; }

    /// <summary>The uploader's file name, cleaned (no directories, no control characters); shown, never used as a path.</summary>
    public required string FileName { get; set; }

    /// <summary>Detected from the bytes, never taken from the request.</summary>
    public required string ContentType { get; set; }
    public long Size { get; set; }

    /// <summary>A random name chosen by the service: the only name used on disk.</summary>
    public required string StorageName { get; set; }
    public required string Sha256 { get; set; }
    public int? UploadedByUserId { get; set; }
    public required string UploadedByName { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
