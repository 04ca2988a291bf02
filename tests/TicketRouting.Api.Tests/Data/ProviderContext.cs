using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Data;

namespace TicketRouting.Api.Tests.Data;

/// <summary>
/// A <see cref="TicketsDbContext"/> for one provider, built the way the API builds it (AddTicketsDatabase) from a
/// connection string that points at no server. Nothing here opens a connection unless a test does so on purpose.
/// </summary>
internal sealed class ProviderContext : IDisposable
{
    // Port 1 on loopback: nothing listens there, so a connection attempt fails fast instead of finding a server.
    public const string SqlServerConnectionString =
        "Server=tcp:127.0.0.1,1;Database=ticketrouting;User ID=sa;Password=not-used;TrustServerCertificate=true;Connect Timeout=2;ConnectRetryCount=0";

    public const string PostgresConnectionString = "Host=127.0.0.1;Port=1;Database=ticketrouting;Username=postgres;Timeout=2";

    private readonly ServiceProvider _services;
    private readonly IServiceScope _scope;

    private ProviderContext(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=:memory:",
            DatabaseProvider.Postgres => PostgresConnectionString,
            DatabaseProvider.SqlServer => SqlServerConnectionString,
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            [$"ConnectionStrings:{DatabaseServiceCollectionExtensions.ConnectionStringName}"] = connectionString,
        }).Build();
        _services = new ServiceCollection()
            .AddTicketsDatabase(configuration, Path.GetTempPath())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _scope = _services.CreateScope();
        Db = _scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
    }

    public TicketsDbContext Db { get; }

    public static ProviderContext Create(DatabaseProvider provider) => new(provider);

    public void Dispose()
    {
        _scope.Dispose();
        _services.Dispose();
    }
}
