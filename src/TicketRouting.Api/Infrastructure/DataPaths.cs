namespace TicketRouting.Api.Infrastructure;

/// <summary>Where the service finds seed/ and models/, and where it keeps its own files (database, dev key).</summary>
public sealed class DataPaths(string dataDirectory, string seedDirectory, string modelsDirectory)
{
    public string DataDirectory { get; } = dataDirectory;
    public string SeedDirectory { get; } = seedDirectory;
    public string ModelsDirectory { get; } = modelsDirectory;

    public static DataPaths From(IConfiguration configuration, IHostEnvironment environment)
    {
        var data = configuration["DataDirectory"] ?? Path.Combine(environment.ContentRootPath, "data");
        // seed/ and models/ are copied next to the binaries at build time (see the csproj).
        var seed = configuration["SeedDirectory"] ?? Path.Combine(AppContext.BaseDirectory, "seed");
        var models = configuration["ModelsDirectory"] ?? Path.Combine(AppContext.BaseDirectory, "models");
        return new DataPaths(data, seed, models);
    }
}
