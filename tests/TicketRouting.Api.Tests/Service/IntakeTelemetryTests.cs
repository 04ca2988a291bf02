using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Service;

/// <summary>
/// Issue 11 for the intake (issue 10's group commit): the spans of a submission (classify, queue wait, and the
/// writer's batch with its claim, insert and commit) and the histograms of batch size, transaction time and queue wait.
/// </summary>
public sealed class IntakeTelemetryTests : IntegrationTest
{
    [Fact]
    public async Task Metrics_RecordBatchSizeTransactionTimeAndQueueWait()
    {
        var before = await MetricsAsync();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Portal.SubmitAsync($"Facture {i} incorrecte", "J'ai été prélevé deux fois.")));

        var after = await MetricsAsync();
        // Histograms are process-wide and tests run in parallel: compare before and after.
        Assert.True(Sample(after, "ticketrouting_intake_batch_size_sum", "committed") >= Sample(before, "ticketrouting_intake_batch_size_sum", "committed") + 3);
        Assert.True(Sample(after, "ticketrouting_intake_transaction_duration_seconds_count", "committed")
            >= Sample(before, "ticketrouting_intake_transaction_duration_seconds_count", "committed") + 1);
        Assert.True(Sample(after, "ticketrouting_intake_transaction_duration_seconds_sum", "committed")
            > Sample(before, "ticketrouting_intake_transaction_duration_seconds_sum", "committed"));
        Assert.True(Sample(after, "ticketrouting_intake_queue_wait_duration_seconds_count", null)
            >= Sample(before, "ticketrouting_intake_queue_wait_duration_seconds_count", null) + 3);
        // The explicit buckets (the SDK's defaults are for milliseconds): up to the batch bound, and from 0.5 ms.
        Assert.Matches("ticketrouting_intake_batch_size_bucket\\{[^}]*le=\"64\"", after);
        Assert.Matches("ticketrouting_intake_transaction_duration_seconds_bucket\\{[^}]*le=\"0.0005\"", after);
    }

    [Fact]
    public async Task Traces_ShowClassifyAndQueueWaitUnderTheRequest_AndTheBatchLinkedToIt()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "TicketRouting",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        // The listener is process-wide and other tests' apps (each with its own database, so the same ticket keys)
        // run at the same time: send this request in a trace of its own and look only at that trace.
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ticket")
        {
            Content = JsonContent.Create(new { subject = "Facture incorrecte", description = "J'ai été prélevé deux fois sur ma carte bancaire." }),
        };
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await Portal.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ticket = (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!;

        var intake = Assert.Single(stopped, a => a.OperationName == "ticket.intake" && a.TraceId == trace);
        Assert.Equal(ticket.Key, intake.GetTagItem("ticket.key"));
        var children = stopped.Where(a => a.ParentSpanId == intake.SpanId).Select(a => a.OperationName).ToList();
        Assert.Contains("ticket.classify", children);
        Assert.Contains("ticket.queue_wait", children);
        // The writer ends its batch span just after it answers the requests: wait for it (bounded).
        Activity? batch = null;
        for (var i = 0; i < 100 && batch is null; i++)
        {
            batch = stopped.FirstOrDefault(a => a.OperationName == "ticket.batch" && a.Links.Any(l => l.Context.SpanId == intake.SpanId));
            await Task.Delay(batch is null ? 50 : 0);
        }

        Assert.NotNull(batch);
        Assert.Equal("committed", batch.GetTagItem("ticket.outcome"));
        var steps = stopped.Where(a => a.ParentSpanId == batch.SpanId).Select(a => a.OperationName).ToList();
        Assert.Contains("ticket.claim", steps);
        Assert.Contains("ticket.insert", steps);
        Assert.Contains("ticket.commit", steps);
    }

    private Task<string> MetricsAsync() => App.CreateClient().GetStringAsync("/metrics");

    /// <summary>The sum of a metric's samples, those with <c>outcome="…"</c> when given.</summary>
    private static double Sample(string metrics, string name, string? outcome) =>
        Regex.Matches(metrics, $@"^{name}(?:\{{([^}}]*)\}})? (\S+)", RegexOptions.Multiline)
            .Where(m => outcome is null || m.Groups[1].Value.Contains($"outcome=\"{outcome}\""))
            .Sum(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
}
