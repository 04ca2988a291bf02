using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Data;

namespace TicketRouting.Api.Tests.Infrastructure;

/// <summary>
/// The real service (HTTP pipeline, auth, EF Core) on a fresh database of its own. Settings go through
/// configuration exactly as an operator would set them.
/// </summary>
public sealed class TicketRoutingApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("ticketrouting-data-").FullName;

    private readonly bool _ownsDatabase;
    private readonly Action<IServiceCollection>? _services;

    private TicketRoutingApp(TestDatabase database, Dictionary<string, string?> settings, bool ownsDatabase, Action<IServiceCollection>? services)
    {
        _database = database;
        _settings = settings;
        _ownsDatabase = ownsDatabase;
        _services = services;
    }

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    public TestDatabase Database => _database;

    /// <param name="kestrel">Serve on a real Kestrel listener on 127.0.0.1 (for limits TestServer does not apply).</param>
    /// <param name="services">Replacements applied after the app's own registrations (e.g. a FakeTimeProvider as TimeProvider).</param>
    public static async Task<TicketRoutingApp> StartAsync(
        Dictionary<string, string?>? settings = null, TestDatabase? database = null, bool kestrel = false, Action<IServiceCollection>? services = null)
    {
        var app = new TicketRoutingApp(database ?? await TestDatabase.CreateAsync(), settings ?? [], ownsDatabase: database is null, services);
        if (kestrel)
        {
            app.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
            app.StartServer();
        }
        else
        {
            _ = app.Server; // start now, so start-up failures surface here
        }

        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", _database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Tickets", _database.ConnectionString);
        builder.UseSetting("DataDirectory", _dataDirectory);
        builder.UseSetting("Jwt:SigningKey", SigningKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Runs <paramref name="work"/> on a DbContext of this app's database (to arrange or assert).</summary>
    public async Task<T> WithDbAsync<T>(Func<TicketsDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TicketsDbContext>());
    }

    public async Task<HttpClient> ClientForAsync((string Username, string Password) user)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/token", new { username = user.Username, password = user.Password });
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<TokenPair>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);
