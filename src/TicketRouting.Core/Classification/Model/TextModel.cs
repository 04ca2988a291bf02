using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// A trained ML.NET text model (featurizer + linear multiclass trainer) and the temperature that
/// calibrates its probabilities. Immutable and thread-safe: ML.NET's PredictionEngine is not, so each
/// call borrows one from a pool. Load it once and share it (see <see cref="TextModelFile"/>).
/// </summary>
public sealed class TextModel
{
    internal const string LabelKey = "LabelKey";
    internal const string WordsColumn = "Words";
    internal const string CharsColumn = "Chars";
    internal const string FeaturesColumn = "Features";

    private readonly string[] _labels;
    private readonly ObjectPool<ScoringSession> _sessions;
    private readonly Lazy<Explanation> _explanation;

    internal TextModel(string[] labels, FeatureSettings settings, double temperature, byte[] mlNetModel, TextModelInfo info)
        : this(labels, settings, temperature, mlNetModel, info, transformer: null)
    {
    }

    private TextModel(
        string[] labels, FeatureSettings settings, double temperature, byte[] mlNetModel, TextModelInfo info, ITransformer? transformer)
    {
        _labels = labels;
        Settings = settings;
        Temperature = temperature;
        MlNetModel = mlNetModel;
        Info = info;
        var ml = new MLContext(info.Seed);
        if (transformer is null)
        {
            using var stream = new MemoryStream(mlNetModel, writable: false);
            transformer = ml.Model.Load(stream, out _);
        }

        Transformer = transformer;

        var engines = new SessionPolicy(ml, Transformer);
        _sessions = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 }.Create(engines);
        _explanation = new(() => Explanation.Of(Transformer, labels.Length));
    }

    public IReadOnlyList<string> Labels => _labels;
    public FeatureSettings Settings { get; }

    /// <summary>Probabilities are softmax(log p / T): above 1 softens an overconfident model, below 1 sharpens.</summary>
    public double Temperature { get; }

    public TextModelInfo Info { get; }

    /// <summary>The ML.NET model zip, as <c>MLContext.Model.Save</c> wrote it.</summary>
    internal byte[] MlNetModel { get; }

    internal ITransformer Transformer { get; }

    /// <summary>Writes the calibrated label probabilities (in <see cref="Labels"/> order) for a ticket.</summary>
    public void Predict(string subject, string description, Span<double> probabilities)
    {
        var session = _sessions.Get();
        try
        {
            Score(session, subject, description, probabilities);
        }
        finally
        {
            _sessions.Return(session);
        }
    }

    /// <summary>
    /// Probabilities, plus the ticket's word n-grams that the linear model weighs most towards the best
    /// label (empty for a one-versus-all model, whose weights are not one linear layer).
    /// </summary>
    internal IReadOnlyList<string> PredictAndExplain(string subject, string description, Span<double> probabilities, int evidenceCount)
    {
        var session = _sessions.Get();
        try
        {
            var best = Score(session, subject, description, probabilities);
            return _explanation.Value.StrongestWords(session.Input.Text, best, evidenceCount);
        }
        finally
        {
            _sessions.Return(session);
        }
    }

    // Copies share the (never mutated) transformer: calibration tries temperatures on one set of weights.
    internal TextModel WithTemperature(double temperature) => new(_labels, Settings, temperature, MlNetModel, Info, Transformer);

    internal TextModel WithInfo(TextModelInfo info) => new(_labels, Settings, Temperature, MlNetModel, info, Transformer);

    /// <summary>softmax(log p / T) into <paramref name="destination"/>.</summary>
    internal static void Soften(ReadOnlySpan<double> logProbabilities, double temperature, Span<double> destination)
    {
        for (var c = 0; c < logProbabilities.Length; c++)
        {
            destination[c] = logProbabilities[c] / temperature;
        }

        Softmax(destination);
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

    private int Score(ScoringSession session, string subject, string description, Span<double> probabilities)
    {
        session.Input.Fill(subject ?? "", description ?? "", Settings);
        session.Engine.Predict(session.Input, ref session.Output);
        var score = session.Output.Score.GetValues();
        var best = 0;
        for (var c = 0; c < _labels.Length; c++)
        {
            probabilities[c] = Math.Log(Math.Max(score[c], 1e-12)) / Temperature;
            best = probabilities[c] > probabilities[best] ? c : best;
        }

        Softmax(probabilities[.._labels.Length]);
        return best;
    }

    private sealed class ScoringSession(PredictionEngine<TicketInput, TicketScore> engine)
    {
        public readonly PredictionEngine<TicketInput, TicketScore> Engine = engine;
        public readonly TicketInput Input = new();
        public TicketScore Output = new();
    }

    private sealed class SessionPolicy(MLContext ml, ITransformer transformer) : PooledObjectPolicy<ScoringSession>
    {
        private readonly Lock _create = new();

        public override ScoringSession Create()
        {
            lock (_create)
            {
                return new ScoringSession(ml.Model.CreatePredictionEngine<TicketInput, TicketScore>(transformer, ignoreMissingColumns: true));
            }
        }

        public override bool Return(ScoringSession obj) => true;
    }

    /// <summary>The linear weights per label and the word-n-gram features by name, read once from the model.</summary>
    private sealed class Explanation
    {
        private readonly float[][]? _weights;
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _slots;

        private Explanation(float[][]? weights, Dictionary<string, int> slots)
        {
            _weights = weights;
            _slots = slots.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public static Explanation Of(ITransformer transformer, int labelCount)
        {
            var chain = (TransformerChain<ITransformer>)transformer;
            var predictor = chain.LastTransformer as ISingleFeaturePredictionTransformer<object>;
            if (predictor?.Model is not LinearMulticlassModelParametersBase linear)
            {
                return new Explanation(null, []);
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

            var words = chain.First().GetOutputSchema(InputSchema())[WordsColumn];
            var names = default(VBuffer<ReadOnlyMemory<char>>);
            words.GetSlotNames(ref names);
            var slots = new Dictionary<string, int>(StringComparer.Ordinal);
            var index = 0;
            foreach (var name in names.DenseValues())
            {
                slots.TryAdd(name.ToString().Replace('|', ' '), index++);
            }

            return new Explanation(weights, slots);
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
}

/// <summary>What the model file says about how the model was made and how well it did.</summary>
public sealed record TextModelInfo(
    string Version,
    string Algorithm,
    int Seed,
    int TrainingRows,
    string TrainingFingerprint,
    IReadOnlyDictionary<string, double> Metrics);
