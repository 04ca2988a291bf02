using System.Buffers;

namespace TicketRouting.Core.Classification.Model;

/// <summary>The columns ML.NET reads: the folded text for word n-grams and its head for character n-grams.</summary>
internal class TicketInput
{
    public string Text { get; set; } = "";
    public string Head { get; set; } = "";

    /// <summary>
    /// Folds a ticket as the rules see it (lower case, no accents, punctuation as spaces) and cuts it at
    /// <see cref="FeatureSettings.MaxChars"/>. <see cref="Head"/> is the start of the folded text;
    /// <see cref="Text"/> holds the words' stems (same light FR/EN stemmer as the rules), numbers reduced
    /// to their length, the subject repeated. Reuses this instance.
    /// </summary>
    public void Fill(string subject, string description, FeatureSettings settings)
    {
        var budget = settings.MaxChars;
        var subjectPart = subject.AsSpan(0, Math.Min(subject.Length, budget));
        var descriptionPart = description.AsSpan(0, Math.Min(description.Length, Math.Max(0, budget - subjectPart.Length)));
        var repeat = Math.Max(1, settings.SubjectRepeat);
        var folded = ArrayPool<char>.Shared.Rent((2 * (subjectPart.Length + descriptionPart.Length)) + 1);
        var stems = ArrayPool<char>.Shared.Rent((2 * ((subjectPart.Length * repeat) + descriptionPart.Length)) + repeat + 1);
        try
        {
            var subjectLength = SpanText.Fold(subjectPart, folded);
            folded[subjectLength] = ' ';
            var length = subjectLength + 1 + SpanText.Fold(descriptionPart, folded.AsSpan(subjectLength + 1));
            Head = new string(folded, 0, Math.Min(length, settings.CharPrefix));

            var n = AppendStems(folded.AsSpan(0, length), stems, 0);
            for (var r = 1; r < repeat; r++)
            {
                n = AppendStems(folded.AsSpan(0, subjectLength), stems, n);
            }

            Text = new string(stems, 0, n);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(folded);
            ArrayPool<char>.Shared.Return(stems);
        }
    }

    private static int AppendStems(ReadOnlySpan<char> folded, Span<char> destination, int n)
    {
        var i = 0;
        while (i < folded.Length)
        {
            if (folded[i] == ' ')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < folded.Length && folded[i] != ' ')
            {
                i++;
            }

            var word = folded[start..i];
            if (n > 0)
            {
                destination[n++] = ' ';
            }

            if (SpanText.HasDigit(word))
            {
                // Order numbers and amounts: their shape matters, their digits do not.
                destination[n++] = '#';
                destination[n++] = (char)('0' + Math.Min(word.Length, 9));
                continue;
            }

            var stem = word[..SpanText.StemLength(word)];
            stem.CopyTo(destination[n..]);
            n += stem.Length;
        }

        return n;
    }
}

/// <summary>A training row: the text columns plus the label and the row's weight.</summary>
internal sealed class TicketRow : TicketInput
{
    public string Label { get; set; } = "";
    public float Weight { get; set; } = 1;

    public static TicketRow From(LabelledExample example, FeatureSettings settings)
    {
        var row = new TicketRow { Label = example.Label, Weight = example.Weight };
        row.Fill(example.Subject ?? "", example.Description ?? "", settings);
        return row;
    }
}

/// <summary>What the scoring engine writes: the label probabilities.</summary>
internal sealed class TicketScore
{
    public Microsoft.ML.Data.VBuffer<float> Score;
}
