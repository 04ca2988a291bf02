using System.ComponentModel.DataAnnotations;

namespace TicketRouting.Api.Attachments;

public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>Largest file accepted (bytes); bigger uploads are refused with 413.</summary>
    [Range(1, 1_000_000_000)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Where the files go; empty means an <c>attachments</c> folder in the data directory.</summary>
    public string? Directory { get; set; }
}
