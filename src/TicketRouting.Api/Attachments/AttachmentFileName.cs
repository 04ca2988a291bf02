using System.Text;

namespace TicketRouting.Api.Attachments;

/// <summary>Makes an uploader's file name safe to show and to offer back in Content-Disposition.</summary>
public static class AttachmentFileName
{
    public const int MaxLength = 255;
    private const string Fallback = "attachment";

    public static string Clean(string? name)
    {
        // Keep only the last segment of either kind of path ("..\..\x.exe", "/etc/passwd").
        var last = (name ?? "").Replace('\\', '/').Split('/').Last();
        var builder = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
        {
            if (!char.IsControl(c) && c is not ('"' or '<' or '>' or ':' or '|' or '?' or '*')
                && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            {
                builder.Append(c);
            }
        }

        var cleaned = builder.ToString().Trim().Trim('.').Trim();
        if (cleaned.Length > MaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            extension = extension.Length <= 16 ? extension : "";
            cleaned = cleaned[..(MaxLength - extension.Length)] + extension;
        }

        return cleaned.Length == 0 ? Fallback : cleaned;
    }
}
