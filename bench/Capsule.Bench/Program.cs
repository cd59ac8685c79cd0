using BenchmarkDotNet.Running;
using Capsule.Bench.Stages;

// `stages [rounds]`: the per-request stage breakdown (bench/stages.sh); `stages-loop [seconds]`: its stages alone, to profile;
// `stages-cpu [rounds]` / `hostcalls-cpu [rounds] [only]`: a served request / host calls timed by thread CPU time (Cpu/).
// Otherwise the benchmarks named on the command line (BenchmarkDotNet's switcher):
//   dotnet run -c Release --project bench/Capsule.Bench -- --filter '*'
if (args.Length > 0 && args[0] == "stages-loop")
{
    // For a profiler (perf record): only the in-process stages, for the given seconds.
    StageReport.Loop(TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20));
    return;
}
if (args.Length > 0 && args[0] is "stages-cpu" or "hostcalls-cpu")
{
    // Thread CPU time instead of the wall clock: comparisons that hold on a busy machine.
    var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9;
    if (args[0] == "stages-cpu")
    {
        Capsule.Bench.Cpu.StageCpu.Run(rounds);
    }
    else
    {
        Capsule.Bench.Cpu.HostCallCpu.Run(rounds, args.Length > 2 ? args[2] : null);
    }
    return;
}
if (args.Length > 0 && args[0] == "lowering-cpu")
{
    // Host calls through the canonical ABI layer (issue 21) beside today's glue, by thread CPU time.
    Capsule.Bench.Cpu.LoweringCpu.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9);
    return;
}
if (args.Length > 0 && args[0] == "layer-cpu")
{
    // One instance's life on the component layer (issue 21) beside the component C API, by thread CPU time.
    Capsule.Bench.Cpu.LayerCpu.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9);
    return;
}
if (args.Length > 0 && args[0] == "stages")
{
    await StageReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
