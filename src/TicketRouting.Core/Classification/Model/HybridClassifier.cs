namespace TicketRouting.Core.Classification.Model;

/// <summary>How the hybrid weighs its two opinions; the defaults are the values that measured best (models/README.md).</summary>
public sealed record HybridOptions
{
    /// <summary>At or above this model confidence the model decides alone.</summary>
    public double ModelTrust { get; init; } = 0.9;

    /// <summary>Below it, the rules' share of a linear blend of the two probability vectors.</summary>
    public double RulesWeight { get; init; } = 0.35;
}

/// <summary>
/// The model decides when it is confident; when it doubts, the keyword rules (if any matched) are
/// blended in. Rules that match nothing leave the model's answer as it is.
/// </summary>
public sealed class HybridClassifier : IClassifier
{
    private readonly KeywordRulesClassifier _rules;
    private readonly ModelClassifier _model;
    private readonly HybridOptions _options;
    private readonly string[] _departments;

    public HybridClassifier(KeywordRulesClassifier rules, ModelClassifier model, HybridOptions? options = null)
    {
        _rules = rules;
        _model = model;
        _options = options ?? new HybridOptions();
        _departments = rules.Rules.Departments.Union(model.Model.Labels).ToArray();
        Version = $"{rules.Version}+{model.Version}";
    }

    public string Name => "hybrid";
    public string Version { get; }

    public ClassificationResult Classify(string subject, string description)
    {
        var fromModel = _model.Classify(subject, description);
        if (fromModel.Confidence >= _options.ModelTrust)
        {
            return fromModel with { Classifier = Name, Version = Version };
        }

        var fromRules = _rules.Classify(subject, description);
        if (fromRules.Evidence.Count == 0)
        {
            return fromModel with { Classifier = Name, Version = Version };
        }

        var blended = new double[_departments.Length];
        var best = 0;
        for (var i = 0; i < _departments.Length; i++)
        {
            blended[i] = ((1 - _options.RulesWeight) * fromModel.Scores.GetValueOrDefault(_departments[i]))
                + (_options.RulesWeight * fromRules.Scores.GetValueOrDefault(_departments[i]));
            best = blended[i] > blended[best] ? i : best;
        }

        var evidence = fromRules.Evidence.Concat(fromModel.Evidence).ToArray();
        return new ClassificationResult(
            _departments[best], blended[best], new DepartmentScores(_departments, blended), evidence, Name, Version);
    }
}
