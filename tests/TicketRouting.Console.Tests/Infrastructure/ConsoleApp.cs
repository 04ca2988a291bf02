using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace TicketRouting.Console.Tests.Infrastructure;

/// <summary>
/// The real service on a real Kestrel port of 127.0.0.1 (a browser cannot talk to TestServer), with a fresh
/// SQLite file that the service migrates and seeds itself at start-up (Development), as `dotnet run` does.
/// Modelled on tests/TicketRouting.Api.Tests/Infrastructure/TicketRoutingApp.
/// </summary>
public sealed class ConsoleApp : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ticketrouting-console-").FullName;
    private IReadOnlyDictionary<string, string?> _settings = new Dictionary<string, string?>();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts the service, on a copy of <paramref name="databaseFile"/> if given (else a new database), with extra settings.</summary>
    public static ConsoleApp Start(string? databaseFile = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = new ConsoleApp { _settings = settings ?? new Dictionary<string, string?>() };
        if (databaseFile is not null)
        {
            File.Copy(databaseFile, Path.Combine(app._directory, "tickets.db"));
        }

        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        app.BaseAddress = new Uri(address);
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Tickets", $"Data Source={Path.Combine(_directory, "tickets.db")}");
        builder.UseSetting("DataDirectory", _directory);
        builder.UseSetting("Jwt:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        // Every test signs in from the same address: keep the per-address token rate limit out of the way.
        builder.UseSetting("Auth:TokenRequestsPerMinute", "10000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The keyword rules decide, so which tickets are unsure does not move with the trained model.
        builder.UseSetting("Routing:Classifier", "rules");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection: the OS temp folder cleans it later.
        }
    }
}
