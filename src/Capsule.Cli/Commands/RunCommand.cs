using System.Collections.Immutable;
using System.CommandLine;
using System.CommandLine.Parsing;
using Capsule.Cli.Parsing;
using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Inspection;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Running;
using Capsule.Wasi;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule run FILE [options] [-- ARGS...]</c>: run a module's _start or a component's wasi:cli/run.</summary>
internal sealed class RunCommand
{
    private readonly CommonOptions _common = new();

    private readonly Argument<string> _file = new("FILE")
    {
        Description = "A .wasm core module or component (binary), or .wat text",
    };

    private readonly Argument<string[]> _args = new("ARGS")
    {
        Description = "Arguments for the guest (put them after --)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<DirectoryMount[]> _dirs = new("--dir")
    {
        Description = "Mount a host folder: HOST[::GUEST][:ro]. GUEST defaults to HOST; :ro refuses writes. Repeatable. Default: no files at all",
        HelpName = "HOST[::GUEST][:ro]",
        CustomParser = result => ParseEach<DirectoryMount>(result, (string t, out DirectoryMount? v, out string? e) => GrantParsing.TryParseDir(t, out v, out e)),
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<KeyValuePair<string, string>[]> _env = new("--env")
    {
        Description = "Set a guest environment variable: NAME=VALUE, or NAME to pass the host's value. Repeatable. Default: empty environment",
        HelpName = "NAME[=VALUE]",
        CustomParser = result => ParseEach<KeyValuePair<string, string>>(result, (string t, out KeyValuePair<string, string> v, out string? e) => GrantParsing.TryParseEnv(t, out v, out e)),
    };

    private readonly Option<long?> _maxMemory = new("--max-memory")
    {
        Description = $"Largest size a linear memory may grow to; memory.grow fails beyond it (e.g. 64MiB, 1GiB). Default: {ByteSize.Format(ResourceLimits.Default.MaxMemoryBytes)}",
        HelpName = "SIZE",
        CustomParser = result => ParseOne(result, ByteSize.TryParse, 0L, "--max-memory "),
    };

    private readonly Option<TimeSpan?> _timeout = new("--timeout")
    {
        Description = $"Interrupt the guest after this wall-clock time (e.g. 500ms, 5s, 2m); exit code {ExitCodes.Timeout}. Default: none",
        HelpName = "DURATION",
        CustomParser = result => ParseOne<TimeSpan>(result, Duration.TryParse, default, "--timeout "),
    };

    private readonly Option<ulong?> _fuel = new("--fuel")
    {
        Description = "Deterministic instruction budget; the guest traps with 'out of fuel' when spent. Default: unlimited",
        HelpName = "UNITS",
    };

    private readonly Option<StdinSource?> _stdin = new("--stdin")
    {
        Description = "Guest standard input: inherit (the terminal or pipe), none, or a FILE. Default: inherit",
        HelpName = "inherit|none|FILE",
        CustomParser = result => ParseOne<StdinSource>(result, (string t, out StdinSource v, out string? e) =>
        {
            var ok = GrantParsing.TryParseStdin(t, out var parsed, out e);
            v = parsed!;
            return ok;
        }, StdinSource.Inherit),
    };

    private readonly Option<string> _wasiHost = new("--wasi-host")
    {
        Description = "WASI 0.2 implementation for components: capsule (Capsule's own, the one that serves HTTP) or wasmtime (Wasmtime's built-in). Core modules always use Wasmtime's WASI preview 1.",
        HelpName = "capsule|wasmtime",
        DefaultValueFactory = _ => "capsule",
    };

    private readonly Option<string?> _componentLayer = ComponentLayerOption.Create();

    public Command Build()
    {
        var command = new Command("run", "Run a WebAssembly module (_start, WASI preview 1) or component (wasi:cli/run, WASI 0.2) with explicit grants and limits. Nothing is granted unless asked for: no files, no environment, no network.\n\n" + ExitCodes.HelpText);
        command.Add(_file);
        command.Add(_args);
        command.Add(_dirs);
        command.Add(_env);
        command.Add(_maxMemory);
        command.Add(_timeout);
        command.Add(_fuel);
        command.Add(_stdin);
        command.Add(_wasiHost.AcceptOnlyFromAmong("capsule", "wasmtime"));
        command.Add(_componentLayer);
        _common.AddTo(command);
        command.SetAction(Execute);
        return command;
    }

    private int Execute(ParseResult parse)
    {
        var path = parse.GetValue(_file)!;
        var limits = new ResourceLimits
        {
            MaxMemoryBytes = parse.GetValue(_maxMemory) ?? ResourceLimits.Default.MaxMemoryBytes,
            Timeout = parse.GetValue(_timeout),
            Fuel = parse.GetValue(_fuel),
        };
        var grants = new GuestGrants
        {
            ProgramName = Path.GetFileName(path),
            Arguments = [.. parse.GetValue(_args) ?? []],
            Mounts = [.. parse.GetValue(_dirs) ?? []],
            Environment = [.. parse.GetValue(_env) ?? []],
            Stdin = parse.GetValue(_stdin) ?? StdinSource.Inherit,
            Limits = limits,
        };

        if (ComponentLayerOption.Resolve(parse.GetValue(_componentLayer), out var layerError) is not { } layer)
        {
            Console.Error.WriteLine($"capsule: error: {layerError}");
            return ExitCodes.BadInput;
        }
        using var engine = new CapsuleEngine(EngineSettings.Default with { ConsumeFuel = limits.Fuel is not null });
        try
        {
            using var guest = _common.CreateLoader(parse, engine).Load(path, (binary, kind) => CheckBeforeCompiling(path, binary, kind, limits));
            var result = guest.Kind == WasmKind.Component && parse.GetValue(_wasiHost) == "capsule"
                ? RunOnCapsuleWasi(engine, guest, grants, layer, parse.GetValue(_common.Verbose))
                : RunOnWasmtimeWasi(engine, guest, grants);
            return Report(result, limits);
        }
        catch (WasmLoadException e)
        {
            Console.Error.WriteLine($"capsule: error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    // What the binary alone shows cannot run is refused before compiling it (seconds for a JS
    // component, minutes for a hostile module). Both WASI hosts call a component's wasi:cli/run:
    // an HTTP handler is refused from its export names. Only a positive finding refuses early;
    // anything else is left to the compiled guest's own checks, so a misread never refuses a command.
    private static void CheckBeforeCompiling(string path, byte[] binary, WasmKind kind, ResourceLimits limits)
    {
        if (kind == WasmKind.Component && ComponentExportNames.Read(binary) is { } exports
            && exports.Any(e => e.StartsWith("wasi:http/incoming-handler@", StringComparison.Ordinal)))
        {
            ComponentExports.Require(path, exports, "wasi:cli/run@");
        }
        if (kind == WasmKind.CoreModule && CoreModuleItems.Read(binary) is { } module)
        {
            if (!module.Exports.Any(e => e.Name == "_start" && e.Kind == "func"))
            {
                throw new WasmLoadException(path, GuestRunner.NoStartCause(module.Exports.Select(e => e.Name)));
            }
            if (module.LargestMemoryMinimumBytes > (ulong)limits.MaxMemoryBytes)
            {
                throw new WasmLoadException(path, $"its memory starts at {ByteSize.Format((long)Math.Min(module.LargestMemoryMinimumBytes, long.MaxValue))}, more than --max-memory {ByteSize.Format(limits.MaxMemoryBytes)} allows; nothing ran");
            }
        }
    }

    private static RunResult RunOnCapsuleWasi(CapsuleEngine engine, LoadedGuest guest, GuestGrants grants, ComponentLayer layer, bool verbose)
    {
        using var host = new WasiHost(engine)
        {
            ComponentLayer = layer,
            Logger = new StderrLogger<WasiHost>(verbose),
        };
        return host.RunCommand(guest, grants, GuestOutput.Inherit);
    }

    private static RunResult RunOnWasmtimeWasi(CapsuleEngine engine, LoadedGuest guest, GuestGrants grants)
    {
        using var runner = new GuestRunner(engine);
        return runner.Run(guest, grants, GuestOutput.Inherit);
    }

    private static int Report(RunResult result, ResourceLimits limits)
    {
        var exitCode = result.Outcome switch
        {
            RunOutcome.Exited exited => exited.Code,
            RunOutcome.TimedOut timedOut => Fail($"guest timed out after {Duration.Format(timedOut.Limit)} (--timeout) and was interrupted", ExitCodes.Timeout),
            RunOutcome.OutOfFuel fuel => Fail($"guest trapped: out of fuel (--fuel {fuel.Fuel} spent)", ExitCodes.Trap),
            RunOutcome.Trapped trap => FailTrap(trap),
            RunOutcome.NoCapacity full => Fail($"cannot instantiate: {full.Message}", ExitCodes.HostError),
            _ => ExitCodes.HostError,
        };
        if (result.MemoryLimitReached && exitCode != 0)
        {
            Console.Error.WriteLine($"capsule: note: the guest reached its memory limit of {ByteSize.Format(limits.MaxMemoryBytes)} (--max-memory); memory.grow fails beyond it");
        }
        return exitCode;
    }

    private static int FailTrap(RunOutcome.Trapped trap)
    {
        var detail = trap.Message.Length > 0 && trap.Message != trap.Kind ? $" ({trap.Message})" : "";
        Console.Error.WriteLine($"capsule: guest trapped: {trap.Kind}{detail}");
        // A stack overflow has thousands of frames; the innermost ones tell the story.
        const int shown = 16;
        foreach (var frame in trap.Backtrace.Take(shown))
        {
            Console.Error.WriteLine($"    at {frame}");
        }
        if (trap.Backtrace.Count > shown)
        {
            Console.Error.WriteLine($"    ... {trap.Backtrace.Count - shown} more frames");
        }
        return ExitCodes.Trap;
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"capsule: {message}");
        return code;
    }

    internal delegate bool TryParse<T>(string text, out T value, out string? error);

    private static T[] ParseEach<T>(ArgumentResult result, TryParse<T?> parse)
    {
        var values = new List<T>();
        foreach (var token in result.Tokens)
        {
            if (parse(token.Value, out var value, out var error))
            {
                values.Add(value!);
            }
            else
            {
                result.AddError(error!);
            }
        }
        return [.. values];
    }

    internal static T ParseOne<T>(ArgumentResult result, TryParse<T> parse, T fallback, string errorPrefix = "")
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (parse(text, out var value, out var error))
        {
            return value;
        }
        result.AddError(errorPrefix + error);
        return fallback;
    }
}
