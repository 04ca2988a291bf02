using BenchmarkDotNet.Attributes;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Core.Domain;

namespace TicketRouting.Benchmarks;

/// <summary>
/// Cost of classifying one 1 KB ticket with the shipped rules and model:
/// <c>dotnet run -c Release --project tests/TicketRouting.Benchmarks -- --filter '*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class ClassifierBenchmarks
{
    private const string Subject = "Facture incorrecte / wrong invoice";

    // About 1 KB of a mixed French and English ticket, as customers paste them.
    private static readonly string Description = string.Concat(
        "Bonjour, je vous contacte car ma facture du mois de mars est fausse : j'ai été prélevé deux fois de 49,90 € ",
        "sur ma carte bancaire alors que mon abonnement n'a pas changé. J'ai déjà appelé le service client la semaine ",
        "dernière et on m'a promis un remboursement sous 5 jours, mais je n'ai toujours rien reçu. Pouvez-vous vérifier ",
        "mon compte et m'envoyer une facture corrigée ? Ma référence client est C-558201. Hello, in case an English ",
        "speaker reads this: I was charged twice for the same month and I would like the duplicate payment refunded ",
        "to my card as soon as possible. I also noticed a late fee on the last invoice although I paid on time. ",
        "Please confirm the correct balance and send me the updated receipt. Merci d'avance pour votre aide, ",
        "cordialement, Marie Dupont. PS: the app also showed an error when I tried to download the invoice as PDF, ",
        "but that is less important than the billing issue itself. Je reste disponible par téléphone l'après-midi ",
        "si besoin. Bonne journée.");

    private IClassifier _rules = null!;
    private IClassifier _model = null!;
    private IClassifier _hybrid = null!;
    private IClassifier _hybridAlwaysBlending = null!;
    private TextModel _textModel = null!;
    private double[] _probabilities = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = RepositoryRoot();
        var file = KeywordRuleFile.Load(Path.Combine(root, "seed", "keyword-rules.json"));
        var rules = new KeywordRuleSet(file.ToRules(), Departments.Default, file.Version);
        var modelPath = Path.Combine(root, "models", "department-model.bin");
        _rules = ClassifierFactory.Create(ClassifierKinds.Rules, rules, modelPath, Departments.General);
        _model = ClassifierFactory.Create(ClassifierKinds.Model, rules, modelPath, Departments.General);
        _hybrid = ClassifierFactory.Create(ClassifierKinds.Hybrid, rules, modelPath, Departments.General);
        _textModel = ((ModelClassifier)_model).Model;
        _probabilities = new double[_textModel.Labels.Count];

        // Worst case of the hybrid: the model never trusted alone, so every call also runs the rules and blends.
        _hybridAlwaysBlending = ClassifierFactory.Create(
            ClassifierKinds.Hybrid, rules, modelPath, Departments.General, new HybridOptions { ModelTrust = 1.01 });
    }

    [Benchmark]
    public ClassificationResult Rules() => _rules.Classify(Subject, Description);

    [Benchmark]
    public ClassificationResult Model() => _model.Classify(Subject, Description);

    /// <summary>The ML.NET model's probabilities alone, without evidence or a result object.</summary>
    [Benchmark]
    public double ModelProbabilities()
    {
        _textModel.Predict(Subject, Description, _probabilities);
        return _probabilities[0];
    }

    [Benchmark]
    public ClassificationResult Hybrid() => _hybrid.Classify(Subject, Description);

    [Benchmark]
    public ClassificationResult HybridAlwaysBlending() => _hybridAlwaysBlending.Classify(Subject, Description);

    // BenchmarkDotNet runs the benchmark from a generated folder below bin/, so look upwards for the repository.
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TicketRouting.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("run the benchmark from inside the repository");
    }
}
