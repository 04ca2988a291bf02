namespace TicketRouting.Core.Classification.Model;

/// <summary>Values of <c>Routing:Classifier</c>.</summary>
public static class ClassifierKinds
{
    public const string Rules = "rules";
    public const string Model = "model";
    public const string Hybrid = "hybrid";
}

/// <summary>Builds the configured classifier once at start-up; the model file is read here and never per request.</summary>
public static class ClassifierFactory
{
    /// <summary>The kind to use: the configured one, else <c>hybrid</c> when the model file exists, else <c>rules</c>.</summary>
    public static string ResolveKind(string? kind, string? modelPath) =>
        string.IsNullOrWhiteSpace(kind)
            ? (modelPath is not null && File.Exists(modelPath) ? ClassifierKinds.Hybrid : ClassifierKinds.Rules)
            : kind.Trim().ToLowerInvariant();

    public static IClassifier Create(
        string? kind, KeywordRuleSet rules, string? modelPath, string fallbackDepartment, HybridOptions? hybrid = null)
    {
        var resolved = ResolveKind(kind, modelPath);
        return Create(resolved, rules, resolved == ClassifierKinds.Rules ? null : LoadModel(modelPath), fallbackDepartment, hybrid);
    }

    /// <summary>
    /// The classifier of an already resolved kind over an already loaded model, so that a service which
    /// rebuilds its classifier when the rules change never reads the model file again.
    /// </summary>
    public static IClassifier Create(
        string resolvedKind, KeywordRuleSet rules, TextModel? model, string fallbackDepartment, HybridOptions? hybrid = null)
    {
        var rulesClassifier = new KeywordRulesClassifier(rules, fallbackDepartment);
        return resolvedKind switch
        {
            ClassifierKinds.Rules => rulesClassifier,
            ClassifierKinds.Model => new ModelClassifier(Require(model)),
            ClassifierKinds.Hybrid => new HybridClassifier(rulesClassifier, new ModelClassifier(Require(model)), hybrid),
            var other => throw new ArgumentException(
                $"Routing:Classifier '{other}' is not one of {ClassifierKinds.Rules}, {ClassifierKinds.Model}, {ClassifierKinds.Hybrid}", nameof(resolvedKind)),
        };
    }

    public static TextModel LoadModel(string? modelPath) =>
        modelPath is not null && File.Exists(modelPath)
            ? TextModelFile.Load(modelPath)
            : throw new FileNotFoundException($"the model file '{modelPath}' does not exist; train one or use Routing:Classifier=rules", modelPath);

    private static TextModel Require(TextModel? model) =>
        model ?? throw new ArgumentNullException(nameof(model), "the model and hybrid classifiers need a loaded model");
}
