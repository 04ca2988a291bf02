using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Data;

namespace TicketRouting.Benchmarks.Listing;

/// <summary>
/// The real service in-process (same settings as the integration tests' harness) on a private copy of the
/// 100,000-ticket database, with a supervisor's client.
/// </summary>
public sealed class ListingApp : WebApplicationFactory<Program>
{
    public const string SupervisorPassword = "supervisor-dev-only-2026";

    private readonly string _databaseFile;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("ticketrouting-bench-data-").FullName;
    private readonly IInterceptor? _interceptor;

    private ListingApp(string databaseFile, IInterceptor? interceptor)
    {
        _databaseFile = databaseFile;
        _interceptor = interceptor;
    }

    public static string SeedDirectory => Path.Combine(AppContext.BaseDirectory, "seed");

    public string DatabaseFile => _databaseFile;

    public HttpClient Client { get; private set; } = null!;

    public static async Task<ListingApp> StartAsync(TextWriter log, IInterceptor? interceptor = null)
    {
        var app = new ListingApp(await TicketVolume.CopyAsync(SeedDirectory, log), interceptor);
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/token", new { username = "supervisor", password = SupervisorPassword });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenPair>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        app.Client = client;
        return app;
    }

    /// <summary>GET <paramref name="url"/>; fails on anything but 200 so a broken query cannot look fast.</summary>
    public async Task<int> GetAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", nameof(DatabaseProvider.Sqlite));
        builder.UseSetting("ConnectionStrings:Tickets", $"Data Source={_databaseFile}");
        builder.UseSetting("DataDirectory", _dataDirectory);
        builder.UseSetting("SeedDirectory", SeedDirectory);
        builder.UseSetting("Jwt:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (_interceptor is { } interceptor)
        {
            builder.ConfigureTestServices(services =>
                services.ConfigureDbContext<SqliteTicketsDbContext>(o => o.AddInterceptors(interceptor)));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var directory in new[] { Path.GetDirectoryName(_databaseFile)!, _dataDirectory })
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // best effort: the OS temp folder cleans up
            }
        }
    }

    private sealed record TokenPair(string AccessToken);
}
