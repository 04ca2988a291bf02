using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

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
    private readonly Lazy<ModelExplanation> _explanation;

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
        _explanation = new(() => ModelExplanation.Of(Transformer, labels.Length));
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
}

/// <summary>What the model file says about how the model was made and how well it did.</summary>
public sealed record TextModelInfo(
    string Version,
    string Algorithm,
    int Seed,
    int TrainingRows,
    string TrainingFingerprint,
    IReadOnlyDictionary<string, double> Metrics);
