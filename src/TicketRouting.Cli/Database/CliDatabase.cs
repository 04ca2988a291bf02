using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Data;

namespace TicketRouting.Cli.Database;

/// <summary>
/// The database the CLI works on: the same settings as the API (Database__Provider, ConnectionStrings__Tickets),
/// overridable with --provider and --connection. Without them: SQLite at ./data/tickets.db.
/// </summary>
internal static class CliDatabase
{
    public static readonly Option<string?> Provider = new("--provider")
    {
        Description = "Sqlite, Postgres or SqlServer (default: Database__Provider, else Sqlite)",
        Recursive = true,
    };

    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "Connection string (default: ConnectionStrings__Tickets, else SQLite at ./data/tickets.db)",
        Recursive = true,
    };

    public static ServiceProvider Services(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(Provider) is { } provider)
        {
            overrides["Database:Provider"] = provider;
        }

        if (parse.GetValue(Connection) is { } connection)
        {
            overrides[$"ConnectionStrings:{DatabaseServiceCollectionExtensions.ConnectionStringName}"] = connection;
        }

        // Environment variables use the API's names (Database__Provider, ConnectionStrings__Tickets).
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => ((string)e.Key).Replace("__", ":"), e => (string?)e.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(environment).AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddTicketsDatabase(configuration, Path.Combine(Environment.CurrentDirectory, "data"));
        return services.BuildServiceProvider();
    }
}
