using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Service;

/// <summary>
/// Issue 11, "OTLP exporter configurable": with the standard <c>OTEL_EXPORTER_OTLP_*</c> settings the service sends
/// traces, metrics and logs to a collector. The collector here is a small HTTP listener that keeps what it gets
/// (OTLP over HTTP/protobuf: strings travel as plain UTF-8 inside the protobuf, ids as raw bytes).
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpointSet_ExportsTheIntakeTraceWithItsTicketKey_TheServiceMetrics_AndLogs()
    {
        var received = new ConcurrentQueue<(string Signal, byte[] Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync();

        await using var app = await TicketRoutingApp.StartAsync(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.Single(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["Logging:LogLevel:Default"] = "Information",
        });
        var portal = await app.ClientForAsync(DevUsers.Portal);
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ticket")
        {
            Content = JsonContent.Create(new { subject = "Facture", description = "prélevé deux fois" }),
        };
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var response = await portal.SendAsync(request);
        var ticket = (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!;

        var traceBytes = Convert.FromHexString(trace.ToHexString());
        bool Got(string signal, params byte[][] parts) =>
            received.Any(r => r.Signal == signal && parts.All(p => r.Body.AsSpan().IndexOf(p) >= 0));
        byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
        var clock = Stopwatch.StartNew();
        while (!(Got("traces", traceBytes, Text("ticket.intake"), Text(ticket.Key))
                 && Got("metrics", Text("ticketrouting.tickets.routed"))
                 && Got("logs", Text("Routed "), Text(ticket.Key), traceBytes))
               && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.True(Got("traces", traceBytes, Text("ticket.intake"), Text(ticket.Key)), "no ticket.intake span with the ticket key in this trace was exported");
        Assert.True(Got("metrics", Text("ticketrouting.tickets.routed")), "the service's metrics were not exported");
        Assert.True(Got("logs", Text("Routed "), Text(ticket.Key), traceBytes), "the log line with its trace id was not exported");
    }
}
