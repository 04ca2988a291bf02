using System.Globalization;
using System.Text;

namespace TicketRouting.Core.Classification;

/// <summary>
/// Turns free text into comparable word stems: lower case, accents removed, punctuation as separators,
/// and a light French/English suffix stripper so that "Factures", "FACTURATION" and "facturé" meet.
/// </summary>
public static class TextNormalizer
{
    // Longest first; a suffix is stripped only when a stem of at least MinStem letters remains.
    internal static readonly string[] Suffixes =
    [
        "issements", "issement", "ements", "ement", "ations", "ation", "ements", "ments", "ment",
        "ings", "ing", "ies", "ied", "ees", "ee", "es", "ed", "er", "e", "s", "x",
    ];

    internal const int MinStem = 4;

    /// <summary>Lower-cases and strips diacritics; non letters/digits become spaces.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(c switch
            {
                'œ' or 'Œ' => "oe",
                'æ' or 'Æ' => "ae",
                'ß' => "ss",
                _ when char.IsLetterOrDigit(c) => char.ToLowerInvariant(c).ToString(),
                _ => " ",
            });
        }

        return builder.ToString();
    }

    /// <summary>Folded words of the text, in order.</summary>
    public static IEnumerable<string> Words(string text) =>
        Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Stems of the text's words, in order.</summary>
    public static List<string> Stems(string text) => Words(text).Select(Stem).ToList();

    /// <summary>Strips one inflectional suffix from an already folded word.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= MinStem || word.Any(char.IsDigit))
        {
            return word;
        }

        foreach (var suffix in Suffixes)
        {
            if (word.Length - suffix.Length >= MinStem && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }
}
