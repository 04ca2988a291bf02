using TicketRouting.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddTicketRouting();

var app = builder.Build();
app.UseTicketRouting();
await app.InitializeTicketRoutingAsync();
app.Run();

/// <summary>The entry point, public for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
