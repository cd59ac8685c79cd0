using System.CommandLine;
using System.Net;
using Capsule.Hosting.App;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Engine;
using Capsule.Wasi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule up [DIR|capsule.toml] [--listen ADDR]</c>: serve an app of wasi:http components.</summary>
internal sealed class UpCommand
{
    private readonly CommonOptions _common = new();

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

    private readonly Option<bool> _build = new("--build")
    {
        Description = "Run each component's build command ([component.<id>.build] command) before loading, like spin up --build",
    };

    public Command Build()
    {
        var command = new Command("up", "Serve an app of wasi:http components described by capsule.toml (Spin's spin.toml v2 shape), on Kestrel, with a fresh instance per request. Every component is compiled and linked before listening; a failing request fails alone (500, or 504 on timeout). SIGINT/SIGTERM finish in-flight requests, then exit 0.\n\nExit codes: 0 stopped cleanly; 130 stopped by a signal while loading; 2 the manifest or a component cannot be loaded; 70 internal error.");
        command.Add(_manifest);
        command.Add(_listen);
        command.Add(_build);
        _common.AddTo(command);
        command.SetAction(Execute);
        return command;
    }

    // Compiling a 13 MB component takes seconds: on a terminal a spinner says
    // what is being compiled; in logs and pipes, one line per component.
    private static LoadedApp LoadWithProgress(AppLoader loader, AppManifest manifest)
    {
        if (Console.IsErrorRedirected)
        {
            return loader.Load(manifest, progress: message => Console.Error.WriteLine($"capsule: {message}"));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Status().Start("Loading components", status =>
            loader.Load(manifest, progress: message => status.Status(Markup.Escape(message))));
    }

    private async Task<int> Execute(ParseResult parse, CancellationToken cancellation)
    {
        var engine = new CapsuleEngine();
        var host = new WasiHost(engine);
        LoadedApp app;
        try
        {
            // Loading runs aside so that SIGINT/SIGTERM during a long compile stops at once.
            app = await Task.Run(() => Load(parse, engine, host), CancellationToken.None).WaitAsync(cancellation);
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
            host.Dispose();
            engine.Dispose();
            Console.Error.WriteLine($"capsule: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        using (engine)
        using (host)
        using (app)
        {
            return await Serve(parse, app, host, cancellation);
        }
    }

    private LoadedApp Load(ParseResult parse, CapsuleEngine engine, WasiHost host)
    {
        var location = parse.GetValue(_manifest)!;
        if (parse.GetValue(_build))
        {
            var unbuilt = ManifestLoader.Load(location, checkSources: false);
            ComponentBuilder.BuildAll(unbuilt, message => Console.Error.WriteLine($"capsule: {message}"));
        }
        var manifest = ManifestLoader.Load(location);
        var state = Path.Combine(manifest.Directory, ".capsule");
        var loader = new AppLoader(host, _common.CreateLoader(parse, engine), state);
        return LoadWithProgress(loader, manifest);
    }

    private async Task<int> Serve(ParseResult parse, LoadedApp app, WasiHost host, CancellationToken cancellation)
    {
        await using var web = CapsuleServer.Build(app, host, new ServerOptions(parse.GetValue(_listen)!));
        try
        {
            await web.StartAsync(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return 0; // stopped before listening: nothing in flight
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"capsule: error: cannot listen on {parse.GetValue(_listen)}: {e.Message}");
            return ExitCodes.BadInput;
        }
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.Out.WriteLine($"Serving {app.Manifest.Application.Name} on {address}");
        foreach (var (pattern, component) in app.Routes.Routes)
        {
            Console.Out.WriteLine($"  {address}{pattern.Raw}  ->  {component.Id}");
        }
        Console.Out.Flush();
        await web.WaitForShutdownAsync(cancellation);
        return 0;
    }
}
