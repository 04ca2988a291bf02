using System.CommandLine;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Core.Domain;

namespace TicketRouting.Cli.Classifier;

/// <summary>The classifier's operator commands: classify, train, evaluate, learning-curve.</summary>
public static class ClassifierCommands
{
    public static IEnumerable<Command> Create() => Create(null);

    /// <param name="serviceTickets">
    /// Labelled tickets from the service's own database (corrections included); when given, <c>train</c>
    /// gets <c>--include-service-tickets</c> to learn from them along with the CSV files.
    /// </param>
    public static IEnumerable<Command> Create(Func<System.CommandLine.ParseResult, IEnumerable<LabelledExample>>? serviceTickets) =>
        [ClassifyCommand(), TrainCommand.Create(serviceTickets), EvaluateCommand.Create(), LearningCurveCommand.Create()];

    internal static Option<string> RulesOption() => new("--rules-file")
    {
        Description = "Keyword rules JSON",
        DefaultValueFactory = _ => RepositoryPaths.DefaultRules,
    };

    internal static Option<string> ModelOption() => new("--model")
    {
        Description = "Trained model file",
        DefaultValueFactory = _ => RepositoryPaths.DefaultModel,
    };

    internal static KeywordRuleSet LoadRules(string path)
    {
        var file = KeywordRuleFile.Load(RepositoryPaths.Resolve(path));
        return new KeywordRuleSet(file.ToRules(), Departments.Default, file.Version);
    }

    private static Command ClassifyCommand()
    {
        var text = new Argument<string>("text") { Description = "Ticket text (the description)" };
        var subject = new Option<string>("--subject") { Description = "Ticket subject", DefaultValueFactory = _ => "" };
        var kind = new Option<string?>("--classifier") { Description = "rules, model or hybrid (default: hybrid if the model exists)" };
        var minConfidence = new Option<double>("--min-confidence") { Description = "Routing:MinConfidence", DefaultValueFactory = _ => 0.55 };
        var rules = RulesOption();
        var model = ModelOption();
        var command = new Command("classify", "Classify one ticket and show the department, confidence and evidence")
        {
            text, subject, kind, minConfidence, rules, model,
        };
        CommandErrors.Use(command, parse =>
        {
            var classifier = ClassifierFactory.Create(
                parse.GetValue(kind), LoadRules(TrainCommand.Existing(parse.GetValue(rules)!)), RepositoryPaths.Resolve(parse.GetValue(model)!), Departments.General);
            var result = classifier.Classify(parse.GetValue(subject) ?? "", parse.GetValue(text) ?? "");
            var decision = new ConfidencePolicy(parse.GetValue(minConfidence), Departments.General).Decide(result);
            Console.WriteLine($"department:  {decision.Department}{(decision.NeedsReview ? " (needs review)" : "")}");
            Console.WriteLine($"predicted:   {result.Department}");
            Console.WriteLine($"confidence:  {result.Confidence:0.000}");
            Console.WriteLine($"classifier:  {result.Classifier} {result.Version}");
            Console.WriteLine($"evidence:    {string.Join(", ", result.Evidence)}");
            Console.WriteLine("scores:      " + string.Join("  ", result.Scores.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value:0.000}")));
            return 0;
        });
        return command;
    }
}
