using System.Diagnostics;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// One user of capsule's registry commands: a fresh cache folder (pulled apps, compiled
/// artifacts) and a fresh Docker config folder (saved logins), so tests share nothing.
/// </summary>
public sealed class RegistryUser : IDisposable
{
    private readonly TempDir _temp = new();

    public string CacheDir => _temp.Combine("cache");

    public string DockerConfigDir => _temp.Combine("docker");

    /// <summary>Where pulled apps are laid out.</summary>
    public string AppsDir => Path.Combine(CacheDir, "registry", "apps");

    public string Combine(params string[] parts) => _temp.Combine(parts);

    /// <summary>Runs capsule with <paramref name="args"/> to its end.</summary>
    public CapsuleResult Capsule(params string[] args) => CapsuleProcess.Run(StartInfo(args));

    /// <summary>Starts capsule with <paramref name="args"/>, its output lines awaitable.</summary>
    public RunningCapsule Start(params string[] args) => new(Process.Start(StartInfo(args))!);

    /// <summary>Runs capsule with <paramref name="args"/> and <paramref name="environment"/> added to its own.</summary>
    public CapsuleResult CapsuleWith((string Name, string Value)[] environment, params string[] args)
    {
        var start = StartInfo(args);
        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }
        return CapsuleProcess.Run(start);
    }

    /// <summary>
    /// Starts <c>capsule up --from-registry REF --insecure</c> (with <paramref name="environment"/>
    /// added to its own) and waits until it serves <paramref name="name"/>.
    /// </summary>
    public Task<ServedCapsule> ServeFromRegistry(string reference, string name, params (string Name, string Value)[] environment) =>
        ServedCapsule.Attach(StartFromRegistry(reference, environment), name);

    /// <summary>Starts <c>capsule up --from-registry REF --insecure</c>, without waiting for anything.</summary>
    public RunningCapsule StartFromRegistry(string reference, params (string Name, string Value)[] environment)
    {
        var start = StartInfo(["up", "--from-registry", reference, "--insecure", "--listen", "127.0.0.1:0"]);
        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }
        return new RunningCapsule(Process.Start(start)!);
    }

    private ProcessStartInfo StartInfo(string[] args)
    {
        var start = CapsuleProcess.StartInfo(CacheDir, args);
        start.Environment["DOCKER_CONFIG"] = DockerConfigDir;
        return start;
    }

    /// <summary>
    /// Writes an app to push: the http-hello component (answers "hello from wat"), a glob of
    /// static files (one small enough to be inlined, one not, one in a subfolder), a mapped
    /// folder, and keys that must survive the trip (environment, allowed hosts, limits, reuse).
    /// The larger file's content starts with <paramref name="name"/>: the registry keeps one blob per
    /// digest for all repositories, so a test that tampers with it touches no other test's app.
    /// </summary>
    public string WriteApp(string name)
    {
        var app = _temp.Combine(name);
        Directory.CreateDirectory(Path.Combine(app, "static", "css"));
        Directory.CreateDirectory(Path.Combine(app, "data"));
        File.Copy(Guests.Get("http-hello.wasm"), Path.Combine(app, "hello.wasm"));
        File.WriteAllText(Path.Combine(app, "static", "small.txt"), "small\n");
        File.WriteAllText(Path.Combine(app, "static", "css", "site.css"), SiteCss(name));
        File.WriteAllText(Path.Combine(app, "data", "table.csv"), "a,b\n1,2\n");
        File.WriteAllText(Path.Combine(app, "capsule.toml"), """
            spin_manifest_version = 2

            [application]
            name = "registry-test"
            version = "1.2.3"

            [[trigger.http]]
            route = "/hello/..."
            component = "hello"

            [component.hello]
            source = "hello.wasm"
            files = ["static/**/*", { source = "data", destination = "/data" }]
            environment = { GREETING = "hi \"there\"", EMPTY = "" }
            allowed_outbound_hosts = ["http://127.0.0.1:8080", "https://*.example.com"]
            instance_reuse = { max_requests = 7, idle_timeout = "3s" }

            [component.hello.limits]
            memory = "64MiB"
            timeout = "4s"
            max_concurrent = 9
            """);
        return app;
    }

    /// <summary>The content of <see cref="WriteApp"/>'s static/css/site.css: 4,000 bytes.</summary>
    public static string SiteCss(string name) => (name + new string('x', 4000))[..4000];

    public void Dispose() => _temp.Dispose();
}
