namespace TicketRouting.Cli.Classifier;

/// <summary>
/// Finds seed/ and models/ whether the tool runs from the repository root or from its build output
/// (which carries copies of both, see the csproj).
/// </summary>
internal static class RepositoryPaths
{
    public const string DefaultRules = "seed/keyword-rules.json";
    public const string DefaultModel = "models/department-model.bin";

    public static string Resolve(string path)
    {
        if (File.Exists(path) || Directory.Exists(path) || Path.IsPathRooted(path))
        {
            return path;
        }

        var besideTool = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideTool) || Directory.Exists(besideTool) ? besideTool : path;
    }
}
