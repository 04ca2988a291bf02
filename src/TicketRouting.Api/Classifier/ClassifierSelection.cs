using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Classification.Model;

namespace TicketRouting.Api.Classifier;

internal static class ClassifierSelection
{
    /// <summary>The configured classifier; the model path is relative to the models folder unless rooted.</summary>
    public static IClassifier Create(RoutingOptions options, KeywordRuleSet rules, DataPaths paths) =>
        ClassifierFactory.Create(options.Classifier, rules, ModelPath(options, paths), options.FallbackDepartment);

    public static string ModelPath(RoutingOptions options, DataPaths paths) =>
        Path.IsPathRooted(options.ModelPath) ? options.ModelPath : Path.Combine(paths.ModelsDirectory, options.ModelPath);
}
