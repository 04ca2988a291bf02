using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace TicketRouting.Core.Classification.Model;

/// <summary>The linear weights per label and the word-n-gram features by name, read once from the model.</summary>
internal sealed class ModelExplanation
{
    private readonly float[][]? _weights;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _slots;

    private ModelExplanation(float[][]? weights, Dictionary<string, int> slots)
    {
        _weights = weights;
        _slots = slots.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static ModelExplanation Of(ITransformer transformer, int labelCount)
    {
        var chain = (TransformerChain<ITransformer>)transformer;
        var predictor = chain.LastTransformer as ISingleFeaturePredictionTransformer<object>;
        if (predictor?.Model is not LinearMulticlassModelParametersBase linear)
        {
            return new ModelExplanation(null, []);
        }

        VBuffer<float>[] perLabel = [];
        linear.GetWeights(ref perLabel, out _);

        // Softmax cares only about differences between labels: a feature speaks for a label by how far its
        // weight there exceeds its mean weight over all labels.
        var weights = perLabel.Take(labelCount).Select(w => w.DenseValues().ToArray()).ToArray();
        for (var slot = 0; slot < weights[0].Length; slot++)
        {
            var mean = weights.Average(w => w[slot]);
            foreach (var w in weights)
            {
                w[slot] -= mean;
            }
        }

        var words = chain.First().GetOutputSchema(InputSchema())[TextModel.WordsColumn];
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        words.GetSlotNames(ref names);
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var name in names.DenseValues())
        {
            slots.TryAdd(name.ToString().Replace('|', ' '), index++);
        }

        return new ModelExplanation(weights, slots);
    }

    /// <summary>The words and word pairs of the stemmed text that weigh most towards <paramref name="label"/>.</summary>
    public string[] StrongestWords(string text, int label, int count)
    {
        if (_weights is null)
        {
            return [];
        }

        var starts = new int[count];
        var lengths = new int[count];
        var best = new float[count];
        var found = 0;
        int previous = -1, start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf(' ', start);
            end = end < 0 ? text.Length : end;
            Consider(start, end - start);
            if (previous >= 0)
            {
                Consider(previous, end - previous);
            }

            previous = start;
            start = end + 1;
        }

        var words = new string[found];
        for (var k = 0; k < found; k++)
        {
            words[k] = text.Substring(starts[k], lengths[k]);
        }

        return words;

        void Consider(int at, int length)
        {
            var span = text.AsSpan();
            // One- and two-letter words ("de", "a") carry weight but explain nothing to a reader.
            if (length < 3 || !_slots.TryGetValue(span.Slice(at, length), out var slot))
            {
                return;
            }

            var weight = _weights[label][slot];
            for (var k = 0; k < found; k++)
            {
                if (span.Slice(starts[k], lengths[k]).SequenceEqual(span.Slice(at, length)))
                {
                    return;
                }
            }

            if (weight <= 0 || (found == count && weight <= best[found - 1]))
            {
                return;
            }

            var i = found < count ? found++ : count - 1;
            while (i > 0 && best[i - 1] < weight)
            {
                starts[i] = starts[i - 1];
                lengths[i] = lengths[i - 1];
                best[i] = best[i - 1];
                i--;
            }

            starts[i] = at;
            lengths[i] = length;
            best[i] = weight;
        }
    }

    private static DataViewSchema InputSchema()
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(nameof(TicketInput.Text), TextDataViewType.Instance);
        builder.AddColumn(nameof(TicketInput.Head), TextDataViewType.Instance);
        return builder.ToSchema();
    }
}
