using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

// Every benchmark class in this assembly, chosen on the command line:
//   dotnet run -c Release --project benchmarks/GitOps.Benchmarks -- --filter '*Digest*'
//   dotnet run -c Release --project benchmarks/GitOps.Benchmarks -- --list flat
//   dotnet run -c Release --project benchmarks/GitOps.Benchmarks -- apply-load     (issue #13's HTTP apply load)
if (args is ["apply-load", ..])
{
    return await GitOps.Benchmarks.Kubernetes.ApplyLoad.RunAsync(args[1..]);
}

var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
