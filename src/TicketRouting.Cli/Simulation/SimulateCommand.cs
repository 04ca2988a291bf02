using System.CommandLine;
using System.Globalization;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Core.Simulation;

namespace TicketRouting.Cli.Simulation;

/// <summary>
/// <c>simulate --agents team.json --arrivals &lt;file.csv|synthetic:rate,hours&gt; --policy least-loaded,full [--seed N]</c>:
/// the real Core policies over simulated time, one row per policy, and an SVG chart.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var agents = new Option<string>("--agents") { Description = "JSON array of agents (capacity, languages, skills, timeZone, shifts, absences)", Required = true };
        var arrivals = new Option<string>("--arrivals") { Description = "CSV of arrivals, or synthetic:<rate per hour>,<hours>", Required = true };
        var policy = new Option<string>("--policy") { Description = "Comma-separated: least-loaded, round-robin, full", DefaultValueFactory = _ => string.Join(',', SimulationPolicies.All) };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic arrivals", DefaultValueFactory = _ => 1 };
        var chart = new Option<string>("--chart") { Description = "SVG chart file to write", DefaultValueFactory = _ => "simulation.svg" };
        var start = new Option<DateTimeOffset>("--start") { Description = "Simulated start time (UTC)", DefaultValueFactory = _ => new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero) };
        var drain = new Option<double>("--drain-hours") { Description = "Hours simulated after the last arrival", DefaultValueFactory = _ => 24 };
        var timeout = new Option<double>("--skill-timeout-minutes") { Description = "Routing:SkillTimeoutMinutes", DefaultValueFactory = _ => 30 };
        var sticky = new Option<double>("--sticky-days") { Description = "Routing:StickyDays", DefaultValueFactory = _ => 14 };
        var command = new Command("simulate", "Compare routing policies on a team and a stream of tickets, in simulated time")
        {
            agents, arrivals, policy, seed, chart, start, drain, timeout, sticky,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var policies = parse.GetValue(policy)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var unknown = policies.Length == 0 ? "" : policies.FirstOrDefault(p => !SimulationPolicies.All.Contains(p));
                if (unknown is not null)
                {
                    throw new SimulationInputException($"--policy: unknown policy '{unknown}' (expected {string.Join(", ", SimulationPolicies.All)})");
                }

                if (parse.GetValue(drain) < 0 || parse.GetValue(timeout) <= 0 || parse.GetValue(sticky) < 0)
                {
                    throw new SimulationInputException("--drain-hours and --sticky-days must be >= 0, --skill-timeout-minutes above 0");
                }

                var team = SimulationInput.ReadAgents(parse.GetValue(agents)!);
                var source = parse.GetValue(arrivals)!;
                var synthetic = SimulationInput.Synthetic(source);
                var stream = synthetic is { } s
                    ? SyntheticArrivals.Generate(s.Rate, s.Hours, [.. team.SelectMany(a => a.Profile.Skills).Distinct(StringComparer.OrdinalIgnoreCase).Order()], parse.GetValue(seed))
                    : SimulationInput.ReadArrivals(source);
                var arrivalMinutes = synthetic is { } w ? (int)(w.Hours * 60) : (stream.Count == 0 ? 0 : stream.Max(a => a.Minute) + 1);
                var options = new RoutingPolicyOptions { SkillTimeoutMinutes = parse.GetValue(timeout), StickyDays = parse.GetValue(sticky) };
                var settings = new SimulationSettings(parse.GetValue(start).ToUniversalTime(), arrivalMinutes, (int)(parse.GetValue(drain) * 60), options);

                var results = policies.Distinct().Select(p => Simulator.Run(p, team, stream, settings)).ToList();
                Print(team.Count, stream.Count, arrivalMinutes, results);
                var file = parse.GetValue(chart)!;
                await File.WriteAllTextAsync(file, SimulationChart.Svg(results), ct);
                Console.WriteLine($"chart: {file}");
                return 0;
            }
            catch (Exception ex) when (ex is SimulationInputException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    private static void Print(int agents, int tickets, int minutes, IReadOnlyList<SimulationResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{agents} agents, {tickets} tickets over {minutes / 60.0:0.#} h; waits in minutes from arrival to start");
        Console.WriteLine($"{"policy",-13} {"tickets",7} {"finished",8} {"wait p50",8} {"p95",7} {"max",7} {"SLA breaches",12} {"spread",6} {"Gini",5} {"rescues",7} {"relaxed",7} {"given back",10} {"sticky",6}");
        foreach (var r in results)
        {
            Console.WriteLine(string.Format(c,
                "{0,-13} {1,7} {2,8} {3,8:0.0} {4,7:0.0} {5,7:0.0} {6,12} {7,6} {8,5:0.00} {9,7} {10,7} {11,10} {12,6}",
                r.Policy, r.Tickets, r.Finished, r.WaitP50, r.WaitP95, r.WaitMax, r.SlaBreaches, r.Spread, r.Gini, r.Rescues, r.Relaxations, r.Redistributed, r.StickyHits));
        }
    }
}
