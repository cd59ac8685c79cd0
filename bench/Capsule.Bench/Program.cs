using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line (BenchmarkDotNet's switcher):
//   dotnet run -c Release --project bench/Capsule.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
