namespace TicketRouting.Api.Tests.Infrastructure;

/// <summary>
/// A test class whose every test gets a fresh app and database, with the portal and a supervisor logged in.
/// </summary>
public abstract class IntegrationTest : IAsyncLifetime
{
    protected TicketRoutingApp App { get; private set; } = null!;
    protected HttpClient Portal { get; private set; } = null!;
    protected HttpClient Supervisor { get; private set; } = null!;

    /// <summary>Configuration for this class's app, as an operator would set it.</summary>
    protected virtual Dictionary<string, string?> Settings => [];

    public virtual async Task InitializeAsync()
    {
        App = await TicketRoutingApp.StartAsync(Settings);
        Portal = await App.ClientForAsync(DevUsers.Portal);
        Supervisor = await App.ClientForAsync(DevUsers.Supervisor);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
