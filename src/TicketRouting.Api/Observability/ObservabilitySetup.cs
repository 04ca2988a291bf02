using System.Net;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TicketRouting.Api.Observability;

/// <summary>
/// OpenTelemetry: HTTP server metrics and traces, .NET runtime metrics, the service's own Meter and
/// ActivitySource. Prometheus scrapes <c>/metrics</c> (when <c>Metrics:Enabled</c>, from
/// <c>Metrics:AllowedNetworks</c> only); OTLP export starts when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// Log lines carry the trace and span ids of their request.
/// </summary>
public static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddTicketRoutingObservability(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddSimpleConsole(o => o.IncludeScopes = true);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(TicketRoutingTelemetry.Name))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(TicketRoutingTelemetry.Name);
                if (MetricsEnabled(builder.Configuration))
                {
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }
            })
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = c => c.Request.Path != MetricsPath)
                .AddSource(TicketRoutingTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter(); // traces, metrics and logs; protocol, headers etc. from the standard OTEL_* variables
        }

        builder.Services.AddSingleton<WorkloadSnapshot>();
        builder.Services.AddHostedService(s => s.GetRequiredService<WorkloadSnapshot>());
        return builder;
    }

    public static WebApplication UseTicketRoutingMetricsEndpoint(this WebApplication app)
    {
        WorkloadSnapshot.Register();
        if (MetricsEnabled(app.Configuration))
        {
            var allowed = (app.Configuration.GetSection("Metrics:AllowedNetworks").Get<string[]>() ?? ["127.0.0.0/8", "::1/128"])
                .Select(n => System.Net.IPNetwork.TryParse(n.Trim(), out var network) ? network
                    : throw new InvalidOperationException($"Metrics:AllowedNetworks holds '{n}', which is not a CIDR range."))
                .ToList();
            // Anyone else gets the plain 404 of an unknown route.
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path == MetricsPath && IsAllowed(context.Connection.RemoteIpAddress, allowed));
        }

        return app;
    }

    private static bool MetricsEnabled(IConfiguration configuration) => configuration.GetValue("Metrics:Enabled", true);

    // No remote address: an in-process caller (TestServer), not the network.
    private static bool IsAllowed(IPAddress? address, List<System.Net.IPNetwork> allowed) =>
        address is null || allowed.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
}
