using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace TicketRouting.Api.Infrastructure;

/// <summary>
/// Text shown to people as it was typed: no control characters (ESC, NUL...; line breaks and tabs only where
/// <see cref="MultiLine"/>), no bidirectional overrides or isolates (U+202A-U+202E, U+2066-U+2069, which make
/// a subject display differently from what it says), and at least one visible character (not only spaces or
/// zero-width characters).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlainTextAttribute : ValidationAttribute
{
    public bool MultiLine { get; init; }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text || text.Length == 0)
        {
            return ValidationResult.Success;
        }

        var member = validationContext.MemberName is { } name ? [name] : Array.Empty<string>();
        var visible = false;
        foreach (var c in text)
        {
            if (IsBidiControl(c))
            {
                return new ValidationResult($"The {validationContext.DisplayName} field must not contain bidirectional override characters (U+{(int)c:X4}).", member);
            }

            var category = char.GetUnicodeCategory(c);
            if (category == UnicodeCategory.Control && !(MultiLine && c is '\n' or '\r' or '\t'))
            {
                return new ValidationResult(MultiLine
                    ? $"The {validationContext.DisplayName} field must not contain control characters (U+{(int)c:X4})."
                    : $"The {validationContext.DisplayName} field must be one line without control characters (U+{(int)c:X4}).", member);
            }

            visible |= !char.IsWhiteSpace(c) && category != UnicodeCategory.Format;
        }

        return visible ? ValidationResult.Success : new ValidationResult($"The {validationContext.DisplayName} field must contain visible text.", member);
    }

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
