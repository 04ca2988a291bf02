using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace TicketRouting.Benchmarks.Listing;

/// <summary>
/// <c>dotnet run -c Release --project tests/TicketRouting.Benchmarks -- --plans</c>: for each listing scenario,
/// the SQL EF Core sends (captured from the running API), SQLite's EXPLAIN QUERY PLAN of each statement, the
/// median time of each statement alone, and the median time of the whole HTTP request.
/// </summary>
public static class QueryPlanReport
{
    private const int Runs = 21;

    public static async Task RunAsync(TextWriter output)
    {
        var recorder = new CommandRecorder();
        await using var app = await ListingApp.StartAsync(output, recorder);
        await using var connection = new SqliteConnection($"Data Source={app.DatabaseFile};Mode=ReadOnly");
        await connection.OpenAsync();
        // The text search calls the service's own SQLite function: this connection needs it too, as the service's have.
        connection.CreateFunction<string?, string?>(TicketRouting.Api.Tickets.FoldedTextSearch.SqliteFunction,
            value => value is null ? null : TicketRouting.Api.Tickets.FoldedTextSearch.Fold(value), isDeterministic: true);

        var summary = new List<string>();
        foreach (var (name, url) in ListingScenarios.All)
        {
            await app.GetAsync(url); // warm: JIT, EF's query cache, SQLite's page cache
            recorder.Start();
            await app.GetAsync(url);
            var commands = recorder.Stop();

            output.WriteLine($"==== {name}: GET {url}");
            var sqlMedians = new List<double>();
            foreach (var command in commands)
            {
                output.WriteLine();
                output.WriteLine(Inline(command));
                output.WriteLine("-- plan:");
                foreach (var line in await PlanAsync(connection, command))
                {
                    output.WriteLine($"--   {line}");
                }

                var median = await MedianAsync(() => ExecuteAsync(connection, command));
                sqlMedians.Add(median);
                output.WriteLine($"-- median {median:F2} ms over {Runs} runs");
            }

            var http = await MedianAsync(() => app.GetAsync(url));
            output.WriteLine();
            output.WriteLine($"==== {name}: HTTP median {http:F2} ms over {Runs} runs");
            output.WriteLine();
            summary.Add($"| {name,-20} | {http,9:F2} | {string.Join(" + ", sqlMedians.Select(m => m.ToString("F2"))),-26} | {url}");
        }

        output.WriteLine("| scenario             | HTTP (ms) | SQL statements (ms)        | request");
        output.WriteLine("|----------------------|-----------|----------------------------|--------");
        summary.ForEach(output.WriteLine);
    }

    private static async Task<List<string>> PlanAsync(SqliteConnection connection, RecordedCommand recorded)
    {
        await using var command = Command(connection, "EXPLAIN QUERY PLAN " + recorded.Sql, recorded);
        await using var reader = await command.ExecuteReaderAsync();
        var depth = new Dictionary<long, int> { [0] = 0 };
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
            depth[reader.GetInt64(0)] = level;
            lines.Add(new string(' ', 2 * (level - 1)) + reader.GetString(3));
        }

        return lines;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, RecordedCommand recorded)
    {
        await using var command = Command(connection, recorded.Sql, recorded);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, RecordedCommand recorded)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in recorded.Parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task<double> MedianAsync(Func<Task> work)
    {
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await work();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static string Inline(RecordedCommand command) =>
        (command.Parameters.Count == 0 ? "" : "-- " + string.Join(", ", command.Parameters.Select(p => $"{p.Name}={p.Value}")) + "\n")
        + command.Sql;
}
