using System.Text;
using System.Text.Unicode;

namespace TicketRouting.Api.Attachments;

/// <summary>
/// The content type of a file from its first bytes (magic numbers); the uploader's Content-Type is ignored.
/// Executables and scripts are refused; anything else unrecognised is stored as application/octet-stream.
/// </summary>
public static class ContentSniffer
{
    public const int HeaderLength = 512;
    public const string OctetStream = "application/octet-stream";

    private static readonly (byte[] Magic, string ContentType)[] Known =
    [
        ("%PDF-"u8.ToArray(), "application/pdf"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ("GIF87a"u8.ToArray(), "image/gif"),
        ("GIF89a"u8.ToArray(), "image/gif"),
        ([0x50, 0x4B, 0x03, 0x04], "application/zip"), // also docx, xlsx, odt: all zip containers
        ([0x1F, 0x8B], "application/gzip"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "application/x-ole-storage"), // legacy .doc/.xls/.msg
    ];

    private static readonly (byte[] Magic, string Kind)[] Executables =
    [
        ("MZ"u8.ToArray(), "a Windows executable"),
        ([0x7F, 0x45, 0x4C, 0x46], "an ELF executable"),
        ([0xFE, 0xED, 0xFA, 0xCE], "a Mach-O executable"),
        ([0xFE, 0xED, 0xFA, 0xCF], "a Mach-O executable"),
        ([0xCE, 0xFA, 0xED, 0xFE], "a Mach-O executable"),
        ([0xCF, 0xFA, 0xED, 0xFE], "a Mach-O executable"),
        ([0xCA, 0xFE, 0xBA, 0xBE], "a Mach-O or Java executable"),
        ("#!"u8.ToArray(), "a script"),
    ];

    /// <summary>The detected type, or a refusal reason for executables.</summary>
    public static (string? ContentType, string? Refusal) Detect(ReadOnlySpan<byte> header)
    {
        foreach (var (magic, kind) in Executables)
        {
            if (header.StartsWith(magic))
            {
                return (null, $"The file is {kind}; executables are not accepted.");
            }
        }

        foreach (var (magic, contentType) in Known)
        {
            if (header.StartsWith(magic))
            {
                return (contentType, null);
            }
        }

        if (header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return ("image/webp", null);
        }

        return (LooksLikeText(header) ? "text/plain" : OctetStream, null);
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> header)
    {
        if (header.IsEmpty || header.Contains((byte)0))
        {
            return false;
        }

        // The header may end inside a multi-byte character: ignore up to 3 trailing bytes.
        for (var cut = 0; cut <= Math.Min(3, header.Length - 1); cut++)
        {
            if (Utf8.IsValid(header[..^cut]))
            {
                return true;
            }
        }

        return false;
    }
}
