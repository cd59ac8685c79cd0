using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Capsule.PluginBench.PluginCallBenchmarks).Assembly).Run(args);
