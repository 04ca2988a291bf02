using TicketRouting.Api.Infrastructure;

namespace TicketRouting.Api.Classifier;

internal static class ClassifierSelection
{
    /// <summary>The configured model file; relative paths are resolved against the models folder.</summary>
    public static string ModelPath(RoutingOptions options, DataPaths paths) =>
        Path.IsPathRooted(options.ModelPath) ? options.ModelPath : Path.Combine(paths.ModelsDirectory, options.ModelPath);
}
