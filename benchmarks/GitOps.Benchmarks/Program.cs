using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

// Every benchmark class in this assembly, chosen on the command line:
//   dotnet run -c Release --project benchmarks/GitOps.Benchmarks -- --filter '*Digest*'
//   dotnet run -c Release --project benchmarks/GitOps.Benchmarks -- --list flat
var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
