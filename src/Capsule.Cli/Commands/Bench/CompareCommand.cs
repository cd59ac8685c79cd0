using System.CommandLine;
using Capsule.Cli.Bench;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;

namespace Capsule.Cli.Commands.Bench;

/// <summary>
/// <c>capsule bench compare [APP]</c>: the same small HTTP service as a Capsule component, as runc/crun
/// containers (busybox httpd, Node) and as plain processes, side by side in one run.
/// </summary>
internal sealed class CompareCommand
{
    private readonly Argument<string> _app = new("APP")
    {
        Description = "The Capsule app to measure: a folder holding capsule.toml, or the manifest [default: examples/hello-js]",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => "examples/hello-js",
    };

    private readonly Option<int> _runs = new("--runs")
    {
        Description = $"Starts per row (the cache-cold row takes at most {CompareSetup.ColdCacheRuns}), 1 to {MostRuns}",
        HelpName = "N",
        DefaultValueFactory = _ => 10,
    };

    private readonly Option<string?> _report = new("--report")
    {
        Description = "Also write the report to FILE: Markdown (.md) or HTML with charts (.html)",
        HelpName = "FILE",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print every sample and figure as JSON instead of the tables",
    };

    private readonly Option<string?> _busybox = new("--busybox")
    {
        Description = "The busybox binary the httpd rows run [default: busybox on PATH]",
        HelpName = "FILE",
    };

    private readonly Option<string?> _node = new("--node")
    {
        Description = "The node binary the Node rows run [default: node on PATH]",
        HelpName = "FILE",
    };

    private readonly Option<long?> _budget = new("--memory-budget")
    {
        Description = "The memory budget density is counted in (e.g. 512MiB, 4GiB) [default: 1GiB]",
        HelpName = "SIZE",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (Capsule.Runtime.Grants.ByteSize.TryParseHostMemory(text, out var bytes, out var error))
            {
                return bytes;
            }
            result.AddError($"--memory-budget: {error}");
            return null;
        },
    };

    private readonly Option<string?> _arm64 = new("--arm64")
    {
        Description = "capsule built for arm64 (scripts/publish-arm64.sh): the portability row serves the app with it too (under qemu-user on another CPU) and compares the answers",
        HelpName = "FILE",
    };

    private const int MostRuns = 1000;

    public Command Build()
    {
        var command = new Command("compare", "Time to first response, size, idle memory, density, isolation and portability of the same HTTP service "
            + "as a Capsule component (cold: a new capsule up; warm: a new instance per request), as runc/crun containers "
            + "(busybox httpd, Node running the same JavaScript) and as plain processes. Containers need root and runc; "
            + "without them the rest is measured. Every server and container it starts is removed when it ends, also on Ctrl-C.\n\n"
            + "Exit codes: 0 measured; 2 bad input (APP, --runs, a binary); 1 a measurement failed; 130 stopped by a signal.");
        command.Add(_app);
        command.Add(_runs);
        command.Add(_report);
        command.Add(_json);
        command.Add(_busybox);
        command.Add(_node);
        command.Add(_budget);
        command.Add(_arm64);
        // Measuring blocks; run it aside so that SIGINT/SIGTERM reach the token at once.
        command.SetAction((parse, cancellation) => Task.Run(() => Execute(parse, cancellation), CancellationToken.None));
        return command;
    }

    private int Execute(ParseResult parse, CancellationToken cancellation)
    {
        var runs = parse.GetValue(_runs);
        if (runs is < 1 or > MostRuns)
        {
            return Fail($"--runs: '{runs}' is not between 1 and {MostRuns}");
        }
        var report = parse.GetValue(_report);
        if (report is not null && !report.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !report.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            return Fail($"--report: '{report}' must end in .md or .html");
        }
        AppManifest manifest;
        try
        {
            manifest = ManifestLoader.Load(parse.GetValue(_app)!, checkSources: false);
        }
        catch (ManifestException e)
        {
            var given = parse.GetResult(_app) is { Tokens.Count: > 0 };
            return Fail(given ? e.Message : $"{e.Message} (the default APP is relative to the Capsule repository: run it there, or pass APP)");
        }
        if (!TryBinary(parse.GetValue(_busybox), "busybox", "--busybox", out var busybox, out var error)
            || !TryBinary(parse.GetValue(_node), "node", "--node", out var node, out error))
        {
            return Fail(error!);
        }
        var arm64 = parse.GetValue(_arm64);
        if (arm64 is not null && !File.Exists(arm64))
        {
            return Fail($"--arm64: '{arm64}' does not exist");
        }
        if (arm64 is not null && ElfFile.Read(arm64).Architecture != "aarch64")
        {
            return Fail($"--arm64: '{arm64}' is not an arm64 executable");
        }
        if (arm64 is not null && ElfFile.Read(CapsuleCommandLine.Current().File).Architecture != "aarch64" && ContainerSupport.OnPath(PortabilityProbe.Qemu) is null)
        {
            return Fail($"--arm64: running it here needs {PortabilityProbe.Qemu} (Debian's qemu-user-static)");
        }
        var sources = manifest.Components.Values.Select(c => c.Source).Distinct().ToList();
        var setup = new CompareSetup(manifest.Path, sources, sources.Any(s => !File.Exists(s)), runs, busybox, node, CapsuleCommandLine.Current(), parse.GetValue(_budget) ?? 1L << 30, arm64 is null ? null : Path.GetFullPath(arm64));
        using var workspace = new BenchWorkspace();
        Console.Error.WriteLine($"capsule: bench: working in {workspace.Folder}; containers are named {workspace.Tag}-N");
        try
        {
            var result = CompareProgress.Run(setup, workspace, WasmGrants.Read(manifest), cancellation);
            CompareOutput.Write(result, parse.GetValue(_json), report);
            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("capsule: bench stopped; removing what it started");
            return ExitCodes.Interrupted;
        }
        catch (BenchException e)
        {
            Console.Error.WriteLine($"capsule: bench: {e.Message}");
            return 1;
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"capsule: error: {message}");
        return ExitCodes.BadInput;
    }

    // A given binary must exist; a missing default only skips its rows. Symlinks are resolved: the rootfs holds the file itself.
    private static bool TryBinary(string? given, string name, string option, out string? path, out string? error)
    {
        (path, error) = (null, null);
        var found = given ?? ContainerSupport.OnPath(name);
        if (found is null)
        {
            return true;
        }
        if (!File.Exists(found))
        {
            error = $"{option}: '{given}' does not exist";
            return false;
        }
        path = File.ResolveLinkTarget(Path.GetFullPath(found), returnFinalTarget: true)?.FullName ?? Path.GetFullPath(found);
        return true;
    }
}
