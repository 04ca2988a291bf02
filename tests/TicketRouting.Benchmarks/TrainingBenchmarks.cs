using BenchmarkDotNet.Attributes;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Classification.Model;

namespace TicketRouting.Benchmarks;

/// <summary>
/// Training time of the ML.NET text model (calibration slice and final fit) on the 1,240 hand-written tickets:
/// <c>dotnet run -c Release --project tests/TicketRouting.Benchmarks -- --filter '*Training*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class TrainingBenchmarks
{
    private List<LabelledExample> _rows = [];

    [GlobalSetup]
    public void Setup() =>
        _rows = LabelledCsv.Load(Path.Combine(ClassifierBenchmarks.RepositoryRoot(), "seed", "training", "handwritten-tickets.csv")).ToList();

    [Benchmark]
    public TextModel TrainHandwrittenTickets() => TextModelTrainer.Train(_rows, new TrainerOptions());
}
