using static TicketRouting.Api.Tests.Cli.CliRunner;
using TicketRouting.Cli;

namespace TicketRouting.Api.Tests.Cli;

/// <summary><c>ticketrouting simulate</c>, run in-process like the other CLI tests.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class SimulateCommandTests
{
    private static readonly string Team = Path.Combine(AppContext.BaseDirectory, "seed", "simulation", "team.json");

    private static string TempFile(string name, string content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ticketrouting-sim-").FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Simulate_SyntheticDay_PrintsOneRowPerPolicyAndWritesTheChart_SameOutputTwice()
    {
        var chart = Path.Combine(Directory.CreateTempSubdirectory("ticketrouting-sim-").FullName, "chart.svg");
        string[] args = ["simulate", "--agents", Team, "--arrivals", "synthetic:3,24", "--policy", "least-loaded,full", "--seed", "5", "--chart", chart];

        var first = await RunAsync(args);
        var second = await RunAsync(args);

        Assert.Equal(0, first.Exit);
        var rows = first.Output.Split('\n');
        Assert.Contains(rows, r => r.StartsWith("least-loaded "));
        Assert.Contains(rows, r => r.StartsWith("full "));
        Assert.DoesNotContain(rows, r => r.StartsWith("round-robin "));
        Assert.Equal(first.Output, second.Output);
        Assert.StartsWith("<svg", File.ReadAllText(chart));
        Assert.Contains(">full</text>", File.ReadAllText(chart));
    }

    [Fact]
    public async Task Simulate_CsvArrivals_RunsTheGivenTickets()
    {
        var csv = TempFile("arrivals.csv", "minute,priority,language,skills,customer,serviceMinutes\n0,high,fr,sap,claire,30\n5,low,en,,,10\n");
        var chart = Path.Combine(Path.GetDirectoryName(csv)!, "chart.svg");

        var (exit, output, _) = await RunAsync("simulate", "--agents", Team, "--arrivals", csv, "--policy", "full", "--chart", chart);

        Assert.Equal(0, exit);
        Assert.Contains("8 agents, 2 tickets", output);
    }

    [Theory]
    [InlineData("--policy", "fastest", "unknown policy 'fastest'")]
    [InlineData("--arrivals", "synthetic:0,24", "expected synthetic:<rate per hour>,<hours>")]
    [InlineData("--arrivals", "missing.csv", "missing.csv")]
    public async Task Simulate_BadArgument_OneLineErrorAndExitCode2(string option, string value, string expected)
    {
        var args = new List<string> { "simulate", "--agents", Team, "--arrivals", "synthetic:3,24", "--chart", Path.GetTempFileName() };
        if (args.Contains(option))
        {
            args[args.IndexOf(option) + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (exit, output, error) = await RunAsync([.. args]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("policy ", output);
    }

    [Theory]
    [InlineData("[{\"id\":1,\"capacity\":5,\"timeZone\":\"Mars/Olympus\"}]", "unknown time zone 'Mars/Olympus'")]
    [InlineData("[{\"id\":1,\"capacity\":0}]", "agent 1 needs a capacity above 0")]
    [InlineData("[{\"id\":1,\"capacity\":5,\"shifts\":[{\"days\":\"Mon-Fry\",\"from\":\"09:00\",\"to\":\"17:00\"}]}]", "unknown day 'Fry'")]
    [InlineData("{\"agents\":1}", "not a JSON array of agents")]
    public async Task Simulate_BadTeamFile_NamesTheProblemAndExitsWith2(string json, string expected)
    {
        var team = TempFile("team.json", json);

        var (exit, _, error) = await RunAsync("simulate", "--agents", team, "--arrivals", "synthetic:3,24", "--chart", Path.GetTempFileName());

        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
