using BenchmarkDotNet.Running;
using TicketRouting.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(ClassifierBenchmarks).Assembly).Run(args);
