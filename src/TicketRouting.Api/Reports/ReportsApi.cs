using System.Globalization;
using System.Text;
using TicketRouting.Api.Auth;

namespace TicketRouting.Api.Reports;

public static class ReportsApi
{
    public static RouteGroupBuilder MapReports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Supervisor);
        group.MapGet("/daily", (HttpRequest request, [AsParameters] ReportQuery query, ReportBuilder reports, CancellationToken ct) =>
                RespondAsync(request, query, reports.Now, reports.DailyAsync, ct))
            .WithSummary("Tickets created, closed and reopened per day and department (?from=2026-11-01&to=2026-11-30). Accept: text/csv for CSV.");
        group.MapGet("/times", (HttpRequest request, [AsParameters] ReportQuery query, ReportBuilder reports, CancellationToken ct) =>
                RespondAsync(request, query, reports.Now, reports.TimesAsync, ct))
            .WithSummary("Per department, of the tickets created in the range: time to first assignment, to first agent action, to close (median, p90), SLA compliance.");
        group.MapGet("/agents", (HttpRequest request, [AsParameters] ReportQuery query, ReportBuilder reports, CancellationToken ct) =>
                RespondAsync(request, query, reports.Now, reports.AgentsAsync, ct))
            .WithSummary("Per agent, in the range: tickets handled (assigned to them), closed by them, reassigned away from them.");
        return group;
    }

    private static async Task<IResult> RespondAsync<T>(
        HttpRequest request, ReportQuery query, DateTimeOffset now, Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<List<T>>> build, CancellationToken ct)
    {
        var (from, to, errors) = query.Range(now);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid report range");
        }

        var rows = await build(from, to, ct);
        return WantsCsv(request) ? TypedResults.Text(ReportCsv.Write(rows), "text/csv; charset=utf-8") : TypedResults.Ok(rows);
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}

/// <summary>RFC 4180 CSV of report rows: one column per property, nested summaries flattened (close.medianMinutes).</summary>
internal static class ReportCsv
{
    public static string Write<T>(IReadOnlyList<T> rows)
    {
        var columns = Columns(typeof(T), "").ToList();
        var csv = new StringBuilder();
        csv.AppendJoin(',', columns.Select(c => c.Name)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', columns.Select(c => Quote(Format(c.Read(row!))))).Append("\r\n");
        }

        return csv.ToString();
    }

    private static IEnumerable<(string Name, Func<object, object?> Read)> Columns(Type type, string prefix)
    {
        foreach (var property in type.GetProperties())
        {
            var name = prefix + char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            if (property.PropertyType.Namespace == typeof(ReportCsv).Namespace)
            {
                foreach (var (inner, read) in Columns(property.PropertyType, name + "."))
                {
                    yield return (inner, o => property.GetValue(o) is { } value ? read(value) : null);
                }
            }
            else
            {
                yield return (name, property.GetValue);
            }
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
