using BenchmarkDotNet.Running;
using Capsule.Bench.Stages;

// `stages [rounds]`: the per-request stage breakdown (bench/stages.sh).
// Otherwise the benchmarks named on the command line (BenchmarkDotNet's switcher):
//   dotnet run -c Release --project bench/Capsule.Bench -- --filter '*'
if (args.Length > 0 && args[0] == "stages")
{
    await StageReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
