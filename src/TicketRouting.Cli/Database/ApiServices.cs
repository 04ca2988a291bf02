using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Data;

namespace TicketRouting.Cli.Database;

/// <summary>
/// The API's own services for the CLI's ticket writes: the same registrations as the API (<c>AddTicketRouting</c>),
/// no Kestrel, no HTTP, and of the API's background services only the intake writer, so that a ticket the CLI adds
/// or changes goes through the classes the endpoints call (routing policies, SLA, webhook outbox, workflow rules,
/// queue dispatch). Settings as the API reads them (appsettings.json in the current folder, environment variables),
/// with --provider and --connection on top; without them SQLite at ./data/tickets.db.
/// </summary>
internal sealed class ApiServices : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IntakeBatchWriter _intakeWriter;

    private ApiServices(WebApplication app)
    {
        _app = app;
        _intakeWriter = app.Services.GetServices<IHostedService>().OfType<IntakeBatchWriter>().Single();
    }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiServices> StartAsync(ParseResult parse, IReadOnlyDictionary<string, string?> settings, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Environment.CurrentDirectory });
        var overrides = new Dictionary<string, string?>(settings);
        if (parse.GetValue(CliDatabase.Provider) is { } provider)
        {
            overrides["Database:Provider"] = provider;
        }

        if (parse.GetValue(CliDatabase.Connection) is { } connection)
        {
            overrides[$"ConnectionStrings:{DatabaseServiceCollectionExtensions.ConnectionStringName}"] = connection;
        }

        // The API's registrations resolve a JWT signing key (outside Development they refuse to go on without one).
        // The CLI issues and checks no token: a key that lives only in this process satisfies them and signs nothing.
        if (string.IsNullOrWhiteSpace(builder.Configuration["Jwt:SigningKey"]))
        {
            overrides["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        builder.AddTicketRouting();
        builder.Logging.ClearProviders(); // stdout is the command's answer, stderr its one error line

        var services = new ApiServices(builder.Build());
        try
        {
            await using (var scope = services.Services.CreateAsyncScope())
            {
                await TicketRoutingStartup.LoadRoutingAsync(
                    scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<TicketsDbContext>(), ct);
            }

            await services._intakeWriter.StartAsync(ct);
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _intakeWriter.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
