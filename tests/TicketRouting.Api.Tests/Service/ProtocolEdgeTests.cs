using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Service;

/// <summary>Issue 11, edge of the protocol: errors raised before any endpoint are problem+json too; CORS; request timeouts.</summary>
public sealed class ProtocolEdgeTests : IAsyncLifetime
{
    private TicketRoutingApp _app = null!;

    public async Task InitializeAsync() => _app = await TicketRoutingApp.StartAsync(new()
    {
        ["Cors:AllowedOrigins:0"] = "https://console.example.com",
        ["RequestTimeouts:Seconds"] = "1",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task MethodNotAllowed_Returns405Problem()
    {
        var response = await _app.CreateClient().DeleteAsync("/api");

        await response.ExpectProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task UnsupportedMediaType_Returns415Problem()
    {
        var portal = await _app.ClientForAsync(DevUsers.Portal);

        var response = await portal.PostAsync("/api/ticket", new StringContent("subject=Facture", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task HugePathSegment_OnRealKestrel_Returns414Problem_AndWritesNothing()
    {
        await using var kestrel = await TicketRoutingApp.StartAsync(database: _app.Database, kestrel: true);
        var portal = await kestrel.ClientForAsync(DevUsers.Portal);
        var before = await kestrel.WithDbAsync(db => db.Tickets.CountAsync());

        // A 10 KB segment: over the service's 8 KB request target, under Kestrel's own 32 KB request line.
        var get = await portal.GetAsync($"/api/ticket/{new string('x', 10_000)}");
        var post = await portal.PostAsJsonAsync($"/api/ticket?{new string('x', 10_000)}", new { subject = "Facture", description = "facture fausse" });

        var problem = await get.ExpectProblemAsync(HttpStatusCode.RequestUriTooLong);
        Assert.Equal(414, problem.GetProperty("status").GetInt32());
        await post.ExpectProblemAsync(HttpStatusCode.RequestUriTooLong);
        Assert.Equal(before, await kestrel.WithDbAsync(db => db.Tickets.CountAsync()));
        await (await portal.GetAsync($"/api/ticket/{new string('x', 8_000)}")).ExpectProblemAsync(HttpStatusCode.NotFound); // under the limit: routed
    }

    /// <summary>
    /// What Kestrel refuses before the application runs gets Kestrel's bare status and no body (it offers no hook
    /// to write one): the README lists these. Sent on a raw socket so that no client library rewrites the request.
    /// </summary>
    [Theory]
    [InlineData("GET /api/ticket/%00 HTTP/1.1", "", 400)] // NUL in the decoded path
    [InlineData("GET /api/ticket/{long} HTTP/1.1", "", 414)] // request line over Kestrel's 32 KB
    [InlineData("GET /api HTTP/1.1", "{headers}", 431)] // more than 100 headers
    [InlineData("GET /api HTTP/1.1", "X-Big: {big}\r\n", 431)] // headers over 32 KB
    public async Task RejectedByKestrel_BeforeTheApplication_GetsItsBareStatus(string requestLine, string extraHeaders, int expected)
    {
        await using var kestrel = await TicketRoutingApp.StartAsync(database: _app.Database, kestrel: true);
        var line = requestLine.Replace("{long}", new string('x', 40_000));
        var headers = extraHeaders
            .Replace("{headers}", string.Concat(Enumerable.Range(0, 101).Select(i => $"X-H{i}: v\r\n")))
            .Replace("{big}", new string('a', 40_000));

        var (status, rawResponse) = await RawRequestAsync(kestrel.CreateClient().BaseAddress!,
            $"{line}\r\nHost: localhost\r\n{headers}Connection: close\r\n\r\n");

        Assert.Equal(expected, status);
        Assert.Contains("Content-Length: 0", rawResponse, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(int Status, string Response)> RawRequestAsync(Uri uri, string request)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture), response);
    }

    [Fact]
    public async Task BodyOverTheLimit_OnRealKestrel_Returns413Problem()
    {
        await using var kestrel = await TicketRoutingApp.StartAsync(database: _app.Database, kestrel: true);
        var portal = await kestrel.ClientForAsync(DevUsers.Portal);

        var response = await portal.PostAsync("/api/ticket", new StringContent(
            $$"""{"subject":"Facture","description":"{{new string('x', 1_100_000)}}"}""", Encoding.UTF8, "application/json"));

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("https://console.example.com", true)]
    [InlineData("https://evil.example.com", false)]
    public async Task Preflight_AllowsOnlyConfiguredOrigins(string origin, bool allowed)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/ticket");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
    }

    [Fact]
    public async Task Cors_NoOriginConfigured_AllowsNone()
    {
        await using var app = await TicketRoutingApp.StartAsync(database: _app.Database);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api");
        request.Headers.Add("Origin", "https://console.example.com");

        var response = await app.CreateClient().SendAsync(request);

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task RequestStuckWaiting_IsCutOffByTheRequestTimeout_With504Problem()
    {
        await using var database = await TestDatabase.CreateSqliteAsync(); // another process holds the SQLite file's lock
        await using var app = await TicketRoutingApp.StartAsync(new() { ["RequestTimeouts:Seconds"] = "3", ["Database:WaitSeconds"] = "20" }, database);
        var portal = await app.ClientForAsync(DevUsers.Portal);
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection(app.Database.ConnectionString);
        await other.OpenAsync();
        await using var hold = other.BeginTransaction(deferred: false);

        // The first ticket's batch waits for the database (up to Database:WaitSeconds); the second waits in the intake
        // queue behind it, and its request timeout (3 s) withdraws it from the queue: 504, never written.
        // Wait until the writer has taken the first ticket (its batch span starts, linked to the request), followed by its own trace id:
        // a fixed delay is not enough on a loaded machine, and then both tickets would share the blocked batch.
        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var trace = System.Diagnostics.ActivityTraceId.CreateRandom();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "TicketRouting",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a =>
            {
                if (a.OperationName == "ticket.batch" && a.Links.Any(l => l.Context.TraceId == trace))
                {
                    taken.TrySetResult();
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        using var firstRequest = new HttpRequestMessage(HttpMethod.Post, "/api/ticket")
        {
            Content = JsonContent.Create(new { subject = "Facture", description = "facture fausse" }),
        };
        firstRequest.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
        var first = portal.SendAsync(firstRequest);
        await taken.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var second = await portal.PostAsJsonAsync("/api/ticket", new { subject = "Remboursement", description = "remboursement attendu" });

        await second.ExpectProblemAsync(HttpStatusCode.GatewayTimeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        await hold.RollbackAsync();
        var firstResponse = await first;
        Assert.True(firstResponse.StatusCode is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"first: {firstResponse.StatusCode}");
        var staff = await app.ClientForAsync(DevUsers.Supervisor);
        var page = await staff.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/ticket?q=remboursement");
        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }
}
