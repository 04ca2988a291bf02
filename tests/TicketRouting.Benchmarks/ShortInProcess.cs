using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TicketRouting.Benchmarks;

/// <summary>
/// In-process: the web host and its content files live in this assembly's output, which a generated
/// benchmark project would not copy; ShortRun (3 warm-ups, 3 iterations) keeps the run to minutes on 2 cores.
/// </summary>
public sealed class ShortInProcess : ManualConfig
{
    public ShortInProcess() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
}
