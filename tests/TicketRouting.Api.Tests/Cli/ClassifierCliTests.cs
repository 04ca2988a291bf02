using static TicketRouting.Api.Tests.Cli.CliRunner;
using TicketRouting.Cli;

namespace TicketRouting.Api.Tests.Cli;

/// <summary>
/// The classifier commands (train, evaluate, learning-curve), run in-process: any label set trains, and every
/// operator mistake is one line on stderr with exit code 2.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ClassifierCliTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ticketrouting-cli-ml-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task TrainAndEvaluate_DepartmentsThatAreNotSeeded_TrainsAndReportsEveryLabel()
    {
        var data = Csv("helpdesk.csv", HelpdeskRows());
        var model = Path.Combine(_folder.FullName, "helpdesk.bin");

        var train = await RunAsync("train", "--data", data, "--out", model);
        var evaluate = await RunAsync("evaluate", "--model", model, "--data", data);

        Assert.Equal(0, train.Exit);
        Assert.Contains("labels: Application, Database, Network", train.Output);
        Assert.Equal(0, evaluate.Exit);
        Assert.Contains("Application", evaluate.Output);
        Assert.Contains("reliability (expected calibration error", evaluate.Output);
        Assert.Matches(@"Network\s+\d\.\d{3}\s+\d\.\d{3}", evaluate.Output);
    }

    [Fact]
    public async Task LearningCurve_StreamOfNewDepartments_ReportsAccuracyAfterEachStep()
    {
        var stream = Csv("stream.csv", HelpdeskRows().Concat(HelpdeskRows()).ToArray());

        var (exit, output, _) = await RunAsync("learning-curve", "--stream", stream, "--steps", "0", "12", "--later", "6");

        Assert.Equal(0, exit);
        Assert.Contains("0  no model: fewer than two labels", output);
        Assert.Matches(@"\s+12\s+\d\.\d{3}\s+\d\.\d{3}", output);
    }

    [Fact]
    public async Task Train_UnknownFile_OneLineAndExitCode2()
    {
        var (exit, output, error) = await RunAsync("train", "--data", "/no/such/tickets.csv", "--out", Path.Combine(_folder.FullName, "x.bin"));

        AssertOneLineError(exit, error, "/no/such/tickets.csv: no such file");
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Train_BadCsv_OneLineAndExitCode2()
    {
        var data = Path.Combine(_folder.FullName, "bad.csv");
        await File.WriteAllTextAsync(data, "subject,description,label\nInvoice,\"charged twice,billing\n");

        var (exit, _, error) = await RunAsync("train", "--data", data, "--out", Path.Combine(_folder.FullName, "x.bin"));

        AssertOneLineError(exit, error, "bad CSV: a quoted field is never closed");
    }

    [Fact]
    public async Task Train_MissingLabelColumn_OneLineAndExitCode2()
    {
        var data = Path.Combine(_folder.FullName, "columns.csv");
        await File.WriteAllTextAsync(data, "title,body\nInvoice,charged twice\n");

        var (exit, _, error) = await RunAsync("train", "--data", data, "--out", Path.Combine(_folder.FullName, "x.bin"));

        AssertOneLineError(exit, error, "needs the columns description and label");
    }

    [Fact]
    public async Task Train_EmptyData_OneLineAndExitCode2()
    {
        var data = Csv("empty.csv", []);

        var (exit, _, error) = await RunAsync("train", "--data", data, "--out", Path.Combine(_folder.FullName, "x.bin"));

        AssertOneLineError(exit, error, "no labelled rows in");
    }

    [Fact]
    public async Task Train_OneLabelOnly_OneLineAndExitCode2AndNoModelFile()
    {
        var data = Csv("one.csv", HelpdeskRows().Where(r => r.Label == "Network").ToArray());
        var model = Path.Combine(_folder.FullName, "one.bin");

        var (exit, _, error) = await RunAsync("train", "--data", data, "--out", model);

        AssertOneLineError(exit, error, "the training data has one label only ('Network')");
        Assert.False(File.Exists(model));
    }

    [Theory]
    [InlineData("--algorithm", "neural-net", "Argument 'neural-net' not recognized")]
    [InlineData("--l2", "strong", "Cannot parse argument 'strong' for option '--l2'")]
    [InlineData("--char-ngrams", "9", "--char-ngrams 0-6")]
    public async Task Train_BadOption_OneLineAndExitCode2(string option, string value, string expected)
    {
        var data = Csv("helpdesk.csv", HelpdeskRows());

        var (exit, _, error) = await RunAsync("train", "--data", data, "--out", Path.Combine(_folder.FullName, "x.bin"), option, value);

        AssertOneLineError(exit, error, expected);
    }

    [Fact]
    public async Task Evaluate_ModelFileThatIsNotAModel_OneLineAndExitCode2()
    {
        var notAModel = Csv("not-a-model.bin", HelpdeskRows());

        var (exit, _, error) = await RunAsync("evaluate", "--model", notAModel, "--data", notAModel);

        AssertOneLineError(exit, error, "is not a");
    }

    private static void AssertOneLineError(int exit, string error, string expected)
    {
        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", error);
    }

    private static (string Subject, string Description, string Label)[] HelpdeskRows() =>
    [
        ("App crash", "the application crashes when I open the report screen", "Application"),
        ("Add-in", "the application add-in shows an error on start", "Application"),
        ("Plantage", "le logiciel plante à l'ouverture du rapport", "Application"),
        ("Menu", "the application menu freezes after the update", "Application"),
        ("Query slow", "the database query times out on the orders table", "Database"),
        ("Backup", "database backup failed last night, the sql server is full", "Database"),
        ("Base de données", "la base de données sql ne répond plus", "Database"),
        ("Index", "the sql index rebuild on the database is stuck", "Database"),
        ("VPN down", "the vpn does not connect, network unreachable", "Network"),
        ("Wifi", "no wifi network on the second floor, the router is down", "Network"),
        ("Réseau", "le réseau wifi est coupé, le routeur ne répond pas", "Network"),
        ("Switch", "the network switch in room 4 has no link", "Network"),
    ];

    private string Csv(string name, (string Subject, string Description, string Label)[] rows)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllLines(path, ["subject,description,label", .. rows.Select(r => $"\"{r.Subject}\",\"{r.Description}\",{r.Label}")]);
        return path;
    }

}
