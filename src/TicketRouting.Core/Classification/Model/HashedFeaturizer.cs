namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// Turns a ticket into hashed counts of word stems, stem bigrams and character n-grams of the folded
/// text (accents, case and punctuation removed, as the rules see it). Stateless apart from the
/// per-thread <see cref="FeatureScratch"/>, so one instance serves every thread.
/// </summary>
internal sealed class HashedFeaturizer(FeatureSettings settings)
{
    private const uint WordSeed = 0x1000193;
    private const uint BigramSeed = 0x2000193;
    private const uint CharSeed = 0x3000193;
    private const uint NumberSeed = 0x4000193;

    private readonly int _mask = (1 << settings.HashBits) - 1;

    public FeatureSettings Settings => settings;

    /// <summary>Fills a fresh scratch with the ticket's raw (weighted) counts.</summary>
    public FeatureScratch Featurize(string subject, string description)
    {
        var scratch = FeatureScratch.ForCurrentThread(settings.MaxChars);
        var budget = settings.MaxChars;
        var subjectPart = subject.AsSpan(0, Math.Min(subject.Length, budget));
        AddField(subjectPart, settings.SubjectWeight, scratch);
        budget -= subjectPart.Length;
        AddField(description.AsSpan(0, Math.Min(description.Length, Math.Max(0, budget))), 1f, scratch);
        return scratch;
    }

    private void AddField(ReadOnlySpan<char> text, float weight, FeatureScratch scratch)
    {
        // A leading and trailing space give every word its boundary marks for char n-grams.
        var buffer = scratch.Folded;
        var fieldStart = scratch.FoldedLength;
        buffer[fieldStart] = ' ';
        var length = SpanText.Fold(text, buffer.AsSpan(fieldStart + 1));
        var end = fieldStart + 1 + length;
        buffer[end] = ' ';
        scratch.FoldedLength = end + 1;

        uint previous = 0;
        var previousStart = -1;
        var i = fieldStart + 1;
        while (i < end)
        {
            if (buffer[i] == ' ')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < end && buffer[i] != ' ')
            {
                i++;
            }

            var word = buffer.AsSpan(start, i - start);
            uint hash;
            if (SpanText.HasDigit(word))
            {
                // Order numbers and amounts: their shape matters, their digits do not.
                hash = SpanText.Hash([(char)('0' + Math.Min(word.Length, 9))], NumberSeed);
                scratch.Add(Bucket(hash), weight);
            }
            else
            {
                hash = SpanText.Hash(word[..SpanText.StemLength(word)], WordSeed);
                var bucket = Bucket(hash);
                scratch.Add(bucket, weight);
                scratch.AddWord(bucket, start, word.Length);
                AddCharGrams(buffer.AsSpan(start - 1, word.Length + 2), weight, scratch);
            }

            if (settings.WordBigrams && previousStart >= 0)
            {
                var bigram = Bucket(SpanText.Combine(previous, hash) ^ BigramSeed);
                scratch.Add(bigram, weight);
                scratch.AddWord(bigram, previousStart, i - previousStart);
            }

            previous = hash;
            previousStart = start;
        }
    }

    private void AddCharGrams(ReadOnlySpan<char> padded, float weight, FeatureScratch scratch)
    {
        for (var n = settings.MinCharGram; n <= settings.MaxCharGram && n <= padded.Length; n++)
        {
            for (var s = 0; s + n <= padded.Length; s++)
            {
                scratch.Add(Bucket(SpanText.Hash(padded.Slice(s, n), CharSeed + (uint)n)), weight);
            }
        }
    }

    private int Bucket(uint hash) => (int)(hash & (uint)_mask);
}
