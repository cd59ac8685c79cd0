using System.CommandLine;
using System.Net;
using Capsule.Cli.Commands.Registry;
using Capsule.Hosting.Admission;
using Capsule.Hosting.App;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Hosting.Registry;
using Capsule.Runtime.Configuration;
using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Wasi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule up [DIR|capsule.toml] [--listen ADDR]</c>: serve an app of wasi:http components.</summary>
internal sealed class UpCommand
{
    private readonly CommonOptions _common = new();
    private readonly AppServiceArguments _services = new();
    private readonly TelemetryArguments _telemetry = new();

    private readonly FromRegistry _fromRegistry = new();

    private readonly Argument<string> _manifest = new("APP")
    {
        Description = "The app: a folder holding capsule.toml (else spin.toml), or the manifest file itself",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    private readonly Option<IPEndPoint> _listen = new("--listen")
    {
        Description = "Address to listen on: an IP address (IPv6 in brackets) or localhost, and a port (0 picks a free port)",
        HelpName = "HOST:PORT",
        DefaultValueFactory = _ => new IPEndPoint(IPAddress.Loopback, 3000),
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (ListenAddress.TryParse(text, out var endpoint, out var error))
            {
                return endpoint;
            }
            result.AddError("--listen: " + error);
            return null;
        },
    };

    private readonly Option<string?> _componentLayer = ComponentLayerOption.Create();

    private readonly Option<bool> _build = new("--build")
    {
        Description = "Run each component's build command ([component.<id>.build] command) before loading, like spin up --build",
    };

    private readonly Option<bool> _reloadOnChange = new("--reload-on-change")
    {
        Description = "Reload the app when its manifest or a component's file changes, as on SIGHUP: the new version is loaded beside the running one "
            + "(compiled, linked, admission sized), then takes new requests while those in flight finish on the old one; a version that fails to load "
            + "leaves the running one serving",
    };

    private readonly Option<bool> _watch = new("--watch")
    {
        Description = "Development: build every component first (as --build), then rebuild a component when a file its "
            + "[component.<id>.build] watch globs match changes, and swap the rebuilt app in without restarting (as spin watch); "
            + "also reload on changes of the manifest and of other components' files (as --reload-on-change). A failed build, "
            + "or a component that no longer loads or links, keeps the running version and says why",
    };

    private readonly Option<string?> _stateDir = new("--state-dir")
    {
        Description = "Folder for the app's state (the files its components' `files` gather), like spin up --state-dir. Default: .capsule next to the manifest. "
            + "capsule creates it and refuses one owned by another user, so an app on a read-only file system (a container) points it into a writable volume",
        HelpName = "DIR",
    };

    private static readonly AdmissionOptions AdmissionDefaults = new();

    private readonly Option<int?> _maxConcurrent = new("--max-concurrent")
    {
        Description = "Instances of all components running at once; more requests wait in their component's queue or get 503. "
            + $"Default and ceiling: what Wasmtime's instance pool holds: {EngineSettings.Default.PoolTotalComponentInstances} instances, sharing "
            + $"{EngineSettings.Default.PoolTotalCoreInstances} core instances, memories and tables (each component's share is measured at start-up "
            + "and printed; a componentize-js component takes 4 core instances, 1 memory and 2 tables)",
        HelpName = "N",
        CustomParser = result => RunCommand.ParseOne<int?>(result, TryParsePositive, null, "--max-concurrent "),
    };

    private readonly Option<int?> _maxConcurrentPerComponent = new("--max-concurrent-per-component")
    {
        Description = "Instances of one component at once, for components whose [component.<id>.limits] sets no max_concurrent. "
            + "Default: up to the app's maximum; every component keeps a reserved share (limits.reserved_concurrent; default: half the capacity split evenly) that others cannot take",
        HelpName = "N",
        CustomParser = result => RunCommand.ParseOne<int?>(result, TryParsePositive, null, "--max-concurrent-per-component "),
    };

    private readonly Option<int?> _maxRunning = new("--max-running")
    {
        Description = "Guests executing at once, all components together (of the instances in flight, the others wait for a run slot within their own "
            + "limits.timeout: 504 when it passes). A guest computing past a 20 ms slice passes its slot on when others wait, round robin across components; "
            + $"one waiting on the host (a timer, I/O) holds none. Default: one per core ({Environment.ProcessorCount} here)",
        HelpName = "N",
        CustomParser = result => RunCommand.ParseOne<int?>(result, TryParsePositive, null, "--max-running "),
    };

    private readonly Option<int?> _queueLength = new("--queue-length")
    {
        Description = $"Requests that may wait for an instance, per component; beyond, 503 with Retry-After. Default: {AdmissionDefaults.QueueLength}",
        HelpName = "N",
        CustomParser = result => RunCommand.ParseOne<int?>(result, TryParseCount, null, "--queue-length "),
    };

    private readonly Option<TimeSpan?> _queueTimeout = new("--queue-timeout")
    {
        Description = $"Longest wait in the queue before a 503 (e.g. 500ms, 5s). Default: {Duration.Format(AdmissionDefaults.QueueTimeout)}",
        HelpName = "DURATION",
        CustomParser = result => RunCommand.ParseOne<TimeSpan?>(result, TryParseDuration, null, "--queue-timeout "),
    };

    private readonly Option<long?> _memoryBudget = new("--memory-budget")
    {
        Description = "Memory the instances in flight may reserve together: each reserves its component's limits.memory "
            + $"(default {ByteSize.Format(ResourceLimits.ServedHttpMaxMemoryBytes)}) per linear memory before it starts, and waits or gets 503 when that does not fit. "
            + $"Default: half of the memory this process may use (the machine's, or the container's cgroup limit): {MachineMemory.DefaultBudgetBytes >> 20}MiB here",
        HelpName = "SIZE",
        CustomParser = result => RunCommand.ParseOne<long?>(result, TryParseBudget, null, "--memory-budget "),
    };

    public Command Build()
    {
        var command = new Command("up", "Serve an app of wasi:http components described by capsule.toml (Spin's spin.toml v2 shape), on Kestrel, with a fresh instance per request. Every component is compiled and linked before listening; a failing request fails alone (500, or 504 on timeout); a request that finds no free instance waits in a bounded queue, then gets 503 with Retry-After. SIGINT/SIGTERM finish in-flight requests, then exit 0.\n\nExit codes: 0 stopped cleanly; 130 stopped by a signal while loading; 2 the manifest or a component cannot be loaded; 70 internal error.");
        command.Add(_manifest);
        command.Add(_listen);
        command.Add(_build);
        command.Add(_watch);
        command.Add(_reloadOnChange);
        command.Add(_stateDir);
        command.Add(_maxConcurrent);
        command.Add(_maxConcurrentPerComponent);
        command.Add(_maxRunning);
        command.Add(_queueLength);
        command.Add(_queueTimeout);
        command.Add(_memoryBudget);
        command.Add(_componentLayer);
        _services.AddTo(command);
        _telemetry.AddTo(command);
        _fromRegistry.AddTo(command);
        _common.AddTo(command);
        command.SetAction(Execute);
        return command;
    }

    private AdmissionOptions AdmissionFrom(ParseResult parse) => new()
    {
        MaxConcurrent = parse.GetValue(_maxConcurrent),
        MaxConcurrentPerComponent = parse.GetValue(_maxConcurrentPerComponent),
        MaxRunning = parse.GetValue(_maxRunning),
        QueueLength = parse.GetValue(_queueLength) ?? AdmissionDefaults.QueueLength,
        QueueTimeout = parse.GetValue(_queueTimeout) ?? AdmissionDefaults.QueueTimeout,
        MemoryBudgetBytes = parse.GetValue(_memoryBudget),
    };

    private static string Count(long n, string one, string? many = null) => n == 1 ? $"1 {one}" : $"{n} {many ?? one + "s"}";

    private static bool TryParseCount(string text, out int? value, out string? error)
    {
        value = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : null;
        error = value is null ? $"'{text}' is not a whole number (0 or more)" : null;
        return value is not null;
    }

    private static bool TryParsePositive(string text, out int? value, out string? error)
    {
        if (TryParseCount(text, out value, out error) && value > 0)
        {
            return true;
        }
        error = $"'{text}' is not a positive whole number";
        return false;
    }

    private static bool TryParseDuration(string text, out TimeSpan? value, out string? error)
    {
        value = Duration.TryParse(text, out var span, out error) ? span : null;
        if (value > AdmissionOptions.MostQueueTimeout)
        {
            (value, error) = (null, $"'{text}' is longer than {Duration.Format(AdmissionOptions.MostQueueTimeout)}");
        }
        return value is not null;
    }

    private static bool TryParseBudget(string text, out long? value, out string? error)
    {
        value = null;
        value = ByteSize.TryParseHostMemory(text, out var bytes, out error) ? bytes : null;
        return value is not null;
    }

    // Compiling a 13 MB component takes seconds: on a terminal a spinner says
    // what is being compiled; in logs and pipes, one line per component.
    private static LoadedApp LoadWithProgress(Func<Action<string>, LoadedApp> load)
    {
        if (Console.IsErrorRedirected)
        {
            return load(message => Console.Error.WriteLine($"capsule: {message}"));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Status().Start("Loading components", status => load(message => status.Status(Markup.Escape(message))));
    }

    private async Task<int> Execute(ParseResult parse, CancellationToken cancellation)
    {
        StartupTrace.Mark("command parsed");
        if (ComponentLayerOption.Resolve(parse.GetValue(_componentLayer), out var layerError) is not { } layer)
        {
            Console.Error.WriteLine($"capsule: error: {layerError}");
            return ExitCodes.BadInput;
        }
        AppFactory factory;
        try
        {
            factory = new AppFactory(new AppFactoryOptions
            {
                Services = _services.Services(parse),
                Loader = engine => _common.CreateLoader(parse, engine),
                ComponentLayer = layer,
            });
            // Which component the layer cannot run, and why, is said at load whatever --verbose says: the user chose the layer.
            factory.Host.Logger = new StderrLogger<Wasi.WasiHost>(verbose: true);
        }
        catch (ManifestException e)
        {
            Console.Error.WriteLine($"capsule: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        LoadedApp app;
        try
        {
            // Loading runs aside so that SIGINT/SIGTERM during a long compile stops at once.
            app = await Task.Run(() => Load(parse, factory), CancellationToken.None).WaitAsync(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // A compile cannot be interrupted, and disposing the engine under
            // it would crash: the process exit ends both.
            Console.Error.WriteLine("capsule: stopped while loading");
            return ExitCodes.Interrupted;
        }
        catch (ManifestException e)
        {
            factory.Dispose();
            Console.Error.WriteLine($"capsule: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (RegistryException e)
        {
            factory.Dispose();
            return RegistryCommand.Report(e);
        }
        using (factory)
        using (app)
        {
            return await Serve(parse, app, factory, cancellation);
        }
    }

    // plain: progress as lines (a reload while serving has no terminal of its own).
    // build: false for a reload under --watch, which builds only what changed (BuildWatcher).
    private LoadedApp Load(ParseResult parse, AppFactory factory, bool plain = false, bool build = true)
    {
        var location = _fromRegistry.Folder(parse, parse.GetValue(_common.CacheDir)) ?? parse.GetValue(_manifest)!;
        if (build && (parse.GetValue(_build) || parse.GetValue(_watch)))
        {
            // Built before the spinner: a build's own output goes to the terminal as it is.
            ComponentBuilder.BuildAll(factory.ReadManifest(location, checkSources: false), message => Console.Error.WriteLine($"capsule: {message}"));
        }
        var options = new AppLoadOptions
        {
            StateDirectory = parse.GetValue(_stateDir) is { Length: > 0 } stateDir ? Path.GetFullPath(stateDir) : null,
            RuntimeConfig = _services.RuntimeConfig(parse),
        };
        return plain
            ? factory.Load(location, options with { Progress = message => Console.Error.WriteLine($"capsule: {message}") })
            : LoadWithProgress(progress => factory.Load(location, options with { Progress = progress }));
    }

    private async Task<int> Serve(ParseResult parse, LoadedApp app, AppFactory factory, CancellationToken cancellation)
    {
        WebApplication built;
        try
        {
            var options = new ServerOptions(parse.GetValue(_listen)!) { Admission = AdmissionFrom(parse), Telemetry = _telemetry.Options(parse) };
            StartupTrace.Mark("app loaded");
            built = factory.Serve(app, options);
            StartupTrace.Mark("admission sized, web app built");
        }
        catch (Exception e) when (e is ManifestException or FormatException)
        {
            Console.Error.WriteLine($"capsule: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        await using var web = built;
        foreach (var component in web.Services.GetRequiredService<AdmissionGate>().Components)
        {
            var cost = component.Cost;
            Console.Error.WriteLine($"capsule: admission: component '{component.Id}': up to {component.MaxConcurrent} in flight ({component.Reserved} reserved); "
                + $"an instance takes {Count(cost.CoreInstances, "core instance")}, {Count(cost.Memories, "memory", "memories")} and {Count(cost.Tables, "table")} of the pool "
                + $"and reserves {ByteSize.Format(cost.MemoryBytes)} of the memory budget");
        }
        Console.Error.WriteLine($"capsule: run slots: {Count(web.Services.GetRequiredService<ServerOptions>().Admission.RunSlots, "guest")} execute together (--max-running); other admitted instances wait for a slot within their time limit");
        foreach (var component in app.Components.Values.Where(c => c.Reuse is not null))
        {
            // Said at start-up: it is a trade of isolation the operator should see.
            Console.Error.WriteLine($"capsule: component '{component.Id}' reuses instances: up to {component.Reuse!.MaxRequests} requests each, one at a time, "
                + $"dropped after {Duration.Format(component.Reuse.IdleTimeout)} idle; its globals and memory survive between requests");
        }
        try
        {
            await web.StartAsync(cancellation);
            StartupTrace.Mark("listening");
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return 0; // stopped before listening: nothing in flight
        }
        catch (IOException e) when (web.Services.GetRequiredService<MetricsScrape>().Listener is { } scrape && scrape.IsAbout(e.Message))
        {
            // The scrape listener's port is taken or not ours to bind.
            Console.Error.WriteLine($"capsule: error: cannot serve metrics (--metrics-listen {scrape.Requested}): {e.InnerException?.Message ?? e.Message}");
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"capsule: error: cannot listen on {parse.GetValue(_listen)}: {e.Message}");
            return ExitCodes.BadInput;
        }
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        if (web.Services.GetRequiredService<MetricsScrape>().Url is { } metrics)
        {
            Console.Out.WriteLine($"Metrics on {metrics}");
        }
        Console.Out.WriteLine($"Serving {app.Manifest.Application.Name} on {address}");
        foreach (var (pattern, component) in app.Routes.Routes)
        {
            Console.Out.WriteLine($"  {address}{pattern.Raw}  ->  {component.Id}{(component.Wagi is null ? "" : "  (wagi)")}");
        }
        foreach (var cron in app.Manifest.CronTriggers)
        {
            Console.Out.WriteLine($"  cron \"{cron.Expression}\"  ->  {cron.Component}");
        }
        foreach (var redis in app.Manifest.RedisTriggers)
        {
            Console.Out.WriteLine($"  redis {redis.Address} channel \"{redis.Channel}\"  ->  {redis.Component}");
        }
        Console.Out.Flush();
        // SIGHUP (and --reload-on-change) load the app again beside the running version and swap it in.
        var watch = parse.GetValue(_watch);
        var versions = web.Services.GetRequiredService<AppVersions>();
        var reloadLog = web.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Capsule.Reload");
        using var reloader = new AppReloader(versions, () => Load(parse, factory, plain: true, build: !watch),
            parse.GetValue(_reloadOnChange) || watch, reloadLog, watch ? BuildWatcher.RebuiltSources(app.Manifest) : null);
        // --watch: a component whose build globs match a changed file is rebuilt, then reloaded through the reloader.
        using var builds = watch ? new BuildWatcher(app.Manifest, versions, reloader, reloadLog) : null;
        await web.WaitForShutdownAsync(cancellation);
        return 0;
    }
}
