namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// A trained linear text model: TF-IDF over hashed n-grams, one weight vector per label, and a
/// softmax with a fitted temperature so that the top probability means what it says.
/// Immutable; load it once and share it (see <see cref="TextModelFile"/>).
/// </summary>
public sealed class TextModel
{
    private readonly float[] _idf;
    private readonly float[] _weights; // [bucket * labelCount + label], so one feature reads one cache line
    private readonly float[] _bias;

    internal TextModel(
        string[] labels, FeatureSettings settings, float[] idf, float[] weights, float[] bias, float temperature, TextModelInfo info)
    {
        Labels = labels;
        Settings = settings;
        _idf = idf;
        _weights = weights;
        _bias = bias;
        Temperature = temperature;
        Info = info;
        Featurizer = new HashedFeaturizer(settings);
    }

    public IReadOnlyList<string> Labels { get; }
    public FeatureSettings Settings { get; }
    public float Temperature { get; }
    public TextModelInfo Info { get; }
    internal HashedFeaturizer Featurizer { get; }
    internal ReadOnlySpan<float> Idf => _idf;
    internal ReadOnlySpan<float> Weights => _weights;
    internal ReadOnlySpan<float> Bias => _bias;

    /// <summary>Writes the label probabilities (in <see cref="Labels"/> order) for a ticket.</summary>
    public void Predict(string subject, string description, Span<double> probabilities)
    {
        var scratch = Featurizer.Featurize(subject, description);
        Score(scratch, probabilities);
    }

    /// <summary>Turns the scratch's counts into tf-idf values in place, then into probabilities.</summary>
    internal void Score(FeatureScratch scratch, Span<double> probabilities)
    {
        var labelCount = Labels.Count;
        double norm2 = 0;
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var slot = scratch.Touched[i];
            var value = TfIdf(scratch.Values[slot], scratch.BucketAt(slot));
            scratch.Values[slot] = value;
            norm2 += value * value;
        }

        var inverseNorm = norm2 > 0 ? 1 / Math.Sqrt(norm2) : 0;
        for (var c = 0; c < labelCount; c++)
        {
            probabilities[c] = 0;
        }

        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var slot = scratch.Touched[i];
            var value = scratch.Values[slot];
            if (value == 0)
            {
                continue;
            }

            var row = _weights.AsSpan(scratch.BucketAt(slot) * labelCount, labelCount);
            for (var c = 0; c < labelCount; c++)
            {
                probabilities[c] += value * row[c];
            }
        }

        for (var c = 0; c < labelCount; c++)
        {
            probabilities[c] = ((probabilities[c] * inverseNorm) + _bias[c]) / Temperature;
        }

        Softmax(probabilities);
    }

    // Copies share the (never mutated) arrays: calibration tries many temperatures on one set of weights.
    internal TextModel WithTemperature(float temperature) =>
        new(Labels.ToArray(), Settings, _idf, _weights, _bias, temperature, Info);

    internal TextModel WithInfo(TextModelInfo info) =>
        new(Labels.ToArray(), Settings, _idf, _weights, _bias, Temperature, info);

    /// <summary>Weight of a bucket for a label, for explaining a prediction.</summary>
    internal float WeightOf(int bucket, int label) => _weights[(bucket * Labels.Count) + label];

    internal float TfIdf(float count, int bucket)
    {
        var tf = Settings.SublinearTf ? 1 + MathF.Log(count) : count;
        return tf * _idf[bucket];
    }

    internal static void Softmax(Span<double> scores)
    {
        var max = double.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        double sum = 0;
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = Math.Exp(scores[c] - max);
            sum += scores[c];
        }

        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] /= sum;
        }
    }
}

/// <summary>What the model file says about how the model was made and how well it did.</summary>
public sealed record TextModelInfo(
    string Version,
    string Algorithm,
    int Seed,
    int TrainingRows,
    string TrainingFingerprint,
    IReadOnlyDictionary<string, double> Metrics);
