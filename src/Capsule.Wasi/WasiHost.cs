using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi.Binding;
using Capsule.Wasi.Cli;
using Capsule.Wasi.Io;

namespace Capsule.Wasi;

/// <summary>
/// Capsule's own WASI 0.2 host (decision 6): one linker with every interface
/// defined in C#, built once per process, instantiating components in fresh
/// stores whose state comes from the grants only. Thread-safe.
/// </summary>
public sealed partial class WasiHost : IDisposable
{
    private const string RunInterfacePrefix = "wasi:cli/run@";
    private readonly CapsuleEngine _engine;

    /// <summary>Defines every WASI 0.2 interface Capsule implements on a new linker.</summary>
    public WasiHost(CapsuleEngine engine)
    {
        _engine = engine;
        Linker = new HostLinker(engine);
        foreach (var iface in Interfaces())
        {
            Linker.Define(iface);
        }
    }

    /// <summary>The engine every instance of this host runs on.</summary>
    public CapsuleEngine Engine => _engine;

    /// <summary>The process's outbound HTTP client, shared by every instance.</summary>
    public Http.OutboundHttp Outbound { get; } = new();

    /// <summary>The linker, for hosts that add interfaces of their own (wasi:http).</summary>
    public HostLinker Linker { get; }

    /// <summary>Every interface of the WASI 0.2 host, in dependency order (resources before their users).</summary>
    public static IEnumerable<HostInterface> Interfaces() =>
        IoBindings.Create()
            .Concat(Clocks.ClockInterfaces.Create())
            .Concat(Random.RandomInterfaces.Create())
            .Concat(CliBindings.Create())
            .Concat(FilesystemBindings.Create())
            .Concat(SocketsBindings.Create())
            .Append(HttpTypesBindings.Create())
            .Append(HttpBodyBindings.CreateOutgoingHandler());

    /// <summary>
    /// Runs a command component's <c>wasi:cli/run</c> with exactly the
    /// capabilities in <paramref name="grants"/>.
    /// </summary>
    public RunResult RunCommand(LoadedGuest guest, GuestGrants grants, GuestOutput output, CancellationToken cancel = default)
    {
        var component = guest.Component ?? throw new WasmLoadException(guest.Path, "not a component: the WASI 0.2 host runs components");
        var runInterface = ComponentExports.Find(_engine, guest, RunInterfacePrefix);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using var deadline = new RunDeadline(grants.Limits.Timeout, cancel);
        using var context = CreateContext(grants, output, deadline);
        using var store = new ComponentStore(_engine, context, grants.Limits, deadline);
        ComponentInstanceRef instance;
        try
        {
            instance = Linker.Instantiate(store, component);
        }
        catch (ComponentCallException e)
        {
            throw new WasmLoadException(guest.Path, $"cannot instantiate on Capsule's WASI 0.2 host: {e.Cause}", e);
        }
        RunOutcome outcome;
        try
        {
            var ok = instance.Call(runInterface, "run", 0, null, 1, results => results[0].IsOk(out var _, out var _));
            outcome = new RunOutcome.Exited(ok ? 0 : 1);
        }
        catch (ComponentCallException e)
        {
            outcome = context.ExitStatus is { } status
                ? new RunOutcome.Exited(status)
                : TrapClassifier.FromStop(deadline) ?? TrapClassifier.FromComponentCall(e, grants.Limits);
        }
        FlushAtExit(context.Stdout);
        FlushAtExit(context.Stderr);
        return new RunResult(outcome, MemoryLimitReached: false, stopwatch.Elapsed);
    }

    // The run is over: whatever the guest wrote still goes out (a stopped run's
    // deadline must not cut it), and a stream the guest saw closed (its reader
    // gone) is no failure of the host.
    private static void FlushAtExit(OutputStream stream)
    {
        try
        {
            if (stream is StdioOutput stdio)
            {
                stdio.Drain();
            }
            else
            {
                using var unbounded = RunDeadline.None();
                stream.BlockingFlush(unbounded);
            }
        }
        catch (StreamException)
        {
        }
    }

    private WasiContext CreateContext(GuestGrants grants, GuestOutput output, RunDeadline deadline)
    {
        InputStream stdin = grants.Stdin switch
        {
            StdinSource.InheritedStdin => new DotnetInputStream(Console.OpenStandardInput(), ownsStream: true),
            StdinSource.FileStdin file => new DotnetInputStream(File.OpenRead(file.Path), ownsStream: true),
            _ => new EmptyInputStream(),
        };
        var (stdout, stderr) = output switch
        {
            GuestOutput.CallbackOutput callbacks => ((OutputStream)new CallbackOutputStream(callbacks.Stdout), (OutputStream)new CallbackOutputStream(callbacks.Stderr)),
            GuestOutput.DiscardedOutput => (new CallbackOutputStream(_ => { }), new CallbackOutputStream(_ => { })),
            _ => (StdioOutput.Stdout(), StdioOutput.Stderr()),
        };
        return new WasiContext(grants, stdin, stdout, stderr, deadline) { Outbound = Outbound };
    }

    /// <summary>Releases the linker.</summary>
    public void Dispose()
    {
        Linker.Dispose();
        Outbound.Dispose();
    }
}
