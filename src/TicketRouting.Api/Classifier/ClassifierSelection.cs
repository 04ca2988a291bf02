using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Classification;

namespace TicketRouting.Api.Classifier;

internal static class ClassifierSelection
{
    public static IClassifier Create(RoutingOptions options, KeywordRuleSet rules, DataPaths paths) =>
        options.Classifier switch
        {
            null or "" or "rules" => new KeywordRulesClassifier(rules, options.FallbackDepartment),
            _ => throw new InvalidOperationException($"Routing:Classifier '{options.Classifier}' is not available."),
        };
}
