using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TicketRouting.Api.Tests.Webhooks;

public sealed record ReceivedWebhook(string EventId, string EventType, long Timestamp, string Signature, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>What a receiver does, as the README documents it.</summary>
    public bool VerifiesWith(string secret) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Signature),
            Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(
                HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{Timestamp}.{Body}")))));
}

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel). It can be down (not listening) and started later on the same
/// port, answer slowly, hang, or fail; it records every request and whether one event was ever in flight twice.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private WebApplication? _app;

    public WebhookReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();
    public bool SawConcurrentDuplicate { get; private set; }

    /// <summary>Decides the answer (after the request is recorded); 200 by default.</summary>
    public Func<ReceivedWebhook, CancellationToken, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(200);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", HandleAsync);
        await _app.StartAsync();
    }

    private async Task<IResult> HandleAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var received = new ReceivedWebhook(
            request.Headers["X-TicketRouting-Event-Id"].ToString(),
            request.Headers["X-TicketRouting-Event"].ToString(),
            long.Parse(request.Headers["X-TicketRouting-Timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
            request.Headers["X-TicketRouting-Signature"].ToString(),
            await reader.ReadToEndAsync(ct));
        if (_inFlight.AddOrUpdate(received.EventId, 1, (_, n) => n + 1) > 1)
        {
            SawConcurrentDuplicate = true;
        }

        try
        {
            Received.Enqueue(received);
            return Results.StatusCode(await Respond(received, ct));
        }
        finally
        {
            _inFlight.AddOrUpdate(received.EventId, 0, (_, n) => n - 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
    }
}
