using System.Globalization;

namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// Allocation-free twin of <see cref="TextNormalizer"/> for the prediction hot path: folds into a
/// caller's buffer through a precomputed table, and stems a span by returning its kept length.
/// </summary>
internal static class SpanText
{
    // Latin, Latin-1 and Latin Extended A/B cover French and English; beyond, fold per char without decomposition.
    private const int TableSize = 0x250;
    private static readonly char[] First = new char[TableSize];
    private static readonly char[] Second = new char[TableSize];

    static SpanText()
    {
        for (var c = 0; c < TableSize; c++)
        {
            var folded = TextNormalizer.Fold(((char)c).ToString());
            First[c] = folded.Length > 0 ? folded[0] : '\0';
            Second[c] = folded.Length > 1 ? folded[1] : '\0';
        }
    }

    /// <summary>Folds <paramref name="text"/> into <paramref name="destination"/> (2x its length); returns the length written.</summary>
    public static int Fold(ReadOnlySpan<char> text, Span<char> destination)
    {
        var n = 0;
        foreach (var c in text)
        {
            if (c < TableSize)
            {
                destination[n++] = First[c];
                if (Second[c] != '\0')
                {
                    destination[n++] = Second[c];
                }
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                destination[n++] = char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ';
            }
        }

        return n;
    }

    /// <summary>Length of the stem of a folded word; same rules as <see cref="TextNormalizer.Stem"/>.</summary>
    public static int StemLength(ReadOnlySpan<char> word)
    {
        if (word.Length <= TextNormalizer.MinStem || HasDigit(word))
        {
            return word.Length;
        }

        foreach (var suffix in TextNormalizer.Suffixes)
        {
            if (word.Length - suffix.Length >= TextNormalizer.MinStem && word.EndsWith(suffix.AsSpan()))
            {
                return word.Length - suffix.Length;
            }
        }

        return word.Length;
    }

    // A plain loop: MemoryExtensions.ContainsAnyInRange allocated on every call when measured here.
    public static bool HasDigit(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsAsciiDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>FNV-1a over the chars, seeded so that words, bigrams and char n-grams hash apart.</summary>
    public static uint Hash(ReadOnlySpan<char> text, uint seed)
    {
        var hash = 2166136261u ^ seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return Mix(hash);
    }

    public static uint Combine(uint left, uint right) => Mix((left * 31u) ^ (right + 0x9E3779B9u));

    // Murmur3 finaliser: FNV's low bits are weak, and the bucket is taken from the low bits.
    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        return h;
    }
}
