using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Tests.Webhooks;

namespace TicketRouting.Api.Tests.Cli;

/// <summary>
/// CLI commands run on the database of a running API (SQLite, or PostgreSQL when TICKETROUTING_TEST_POSTGRES is set):
/// the CLI writes, the API reads back what it wrote.
/// </summary>
public abstract class CliOnAppDatabase : IAsyncLifetime
{
    protected TicketRoutingApp App { get; private set; } = null!;
    protected HttpClient Supervisor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await TicketRoutingApp.StartAsync(new(WebhookSteps.Settings()) { ["Routing:Classifier"] = "rules" });
        Supervisor = await App.ClientForAsync(DevUsers.Supervisor);
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>The command's arguments with the API's database (--provider, --connection).</summary>
    protected string[] OnAppDatabase(params string[] args) =>
        [.. args, "--provider", App.Database.Provider.ToString(), "--connection", App.Database.ConnectionString];
}
