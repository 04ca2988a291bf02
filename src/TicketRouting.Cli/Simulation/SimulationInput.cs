using System.Globalization;
using System.Text.Json;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Core.Simulation;

namespace TicketRouting.Cli.Simulation;

/// <summary>A bad input file or argument: reported as one line, exit code 2.</summary>
internal sealed class SimulationInputException(string message) : Exception(message);

/// <summary>Reads the simulator's team (JSON) and arrivals (CSV, or <c>synthetic:rate,hours</c>).</summary>
internal static class SimulationInput
{
    private sealed record ShiftJson(string Days, string From, string To);
    private sealed record AbsenceJson(DateTimeOffset From, DateTimeOffset To);
    private sealed record AgentJson(
        int Id, string? Name, int Capacity, string[]? Languages, string[]? Skills, string? TimeZone, ShiftJson[]? Shifts, AbsenceJson[]? Absences);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true };

    public static IReadOnlyList<SimulatedAgent> ReadAgents(string path)
    {
        AgentJson[]? agents;
        try
        {
            using var stream = File.OpenRead(path);
            agents = JsonSerializer.Deserialize<AgentJson[]>(stream, Json);
        }
        catch (JsonException ex)
        {
            throw new SimulationInputException($"{path}: not a JSON array of agents ({ex.Message.Split('.')[0]})");
        }

        if (agents is null || agents.Length == 0)
        {
            throw new SimulationInputException($"{path}: no agents");
        }

        if (agents.GroupBy(a => a.Id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new SimulationInputException($"{path}: agent id {duplicate.Key} appears twice");
        }

        return [.. agents.Select(a => ToAgent(path, a))];
    }

    private static SimulatedAgent ToAgent(string path, AgentJson a)
    {
        if (a.Capacity <= 0)
        {
            throw new SimulationInputException($"{path}: agent {a.Id} needs a capacity above 0");
        }

        TimeZoneInfo zone;
        try
        {
            zone = a.TimeZone is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(a.TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new SimulationInputException($"{path}: agent {a.Id} has an unknown time zone '{a.TimeZone}'");
        }

        var shifts = (a.Shifts ?? []).SelectMany(s => Days(path, a.Id, s.Days).Select(d => new ShiftWindow(d, Time(path, a.Id, s.From), Time(path, a.Id, s.To))));
        var absences = (a.Absences ?? []).Select(x => x.To > x.From ? new Absence(x.From, x.To)
            : throw new SimulationInputException($"{path}: agent {a.Id} has an absence that ends before it starts"));
        var profile = new AgentProfile(
            new HashSet<string>(a.Skills ?? [], StringComparer.OrdinalIgnoreCase),
            new HashSet<string>((a.Languages ?? []).Select(l => l.ToLowerInvariant()), StringComparer.OrdinalIgnoreCase),
            new WorkSchedule(zone, [.. shifts], [.. absences]));
        return new SimulatedAgent(a.Id, a.Name ?? $"agent {a.Id}", a.Capacity, profile);
    }

    private static TimeOnly Time(string path, int id, string text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new SimulationInputException($"{path}: agent {id} has a shift time '{text}' that is not HH:mm");

    /// <summary>"Mon-Fri", "Sat,Sun" or "Mon".</summary>
    private static IEnumerable<DayOfWeek> Days(string path, int id, string text)
    {
        var days = new[] { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
        int Day(string d) => Array.IndexOf(days, d.Trim().ToLowerInvariant()) is var i and >= 0
            ? i
            : throw new SimulationInputException($"{path}: agent {id} has an unknown day '{d}' (Mon..Sun)");
        foreach (var part in text.Split(','))
        {
            var range = part.Split('-');
            var (from, to) = (Day(range[0]), Day(range[^1]));
            for (var d = from; ; d = (d + 1) % 7)
            {
                yield return (DayOfWeek)d;
                if (d == to)
                {
                    break;
                }
            }
        }
    }

    /// <summary>CSV with a header: <c>minute,priority,language,skills,customer,serviceMinutes</c> (skills separated by ';').</summary>
    public static IReadOnlyList<SimulatedArrival> ReadArrivals(string path)
    {
        using var reader = File.OpenText(path);
        var rows = CsvReader.ReadRecords(reader).ToList();
        string[] header = ["minute", "priority", "language", "skills", "customer", "serviceminutes"];
        if (rows.Count == 0 || !rows[0].Select(h => h.Trim().ToLowerInvariant()).SequenceEqual(header))
        {
            throw new SimulationInputException($"{path}: the header must be minute,priority,language,skills,customer,serviceMinutes");
        }

        return [.. rows.Skip(1).Select((row, i) => Arrival(path, i + 2, row))];
    }

    private static SimulatedArrival Arrival(string path, int line, string[] row)
    {
        if (row.Length != 6
            || !int.TryParse(row[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            || !Enum.TryParse<TicketPriority>(row[1], ignoreCase: true, out var priority) || !Enum.IsDefined(priority)
            || !double.TryParse(row[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var service) || service <= 0)
        {
            throw new SimulationInputException($"{path}:{line}: expected minute (>= 0), priority (low..critical), language, skills, customer, serviceMinutes (> 0)");
        }

        return new SimulatedArrival(
            minute, priority, Blank(row[2])?.ToLowerInvariant(), row[3].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Blank(row[4]), service);
    }

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary><c>synthetic:rate,hours</c>: arrivals per hour and hours of arrivals.</summary>
    public static (double Rate, double Hours)? Synthetic(string arrivals)
    {
        if (!arrivals.StartsWith("synthetic:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parts = arrivals["synthetic:".Length..].Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && hours > 0 && hours <= 24 * 31
            ? (rate, hours)
            : throw new SimulationInputException($"--arrivals {arrivals}: expected synthetic:<rate per hour>,<hours> with both above 0 and at most 744 hours");
    }
}
