using System.Net;
using System.Text.Json.Nodes;

namespace Capsule.Cli.Tests.Registry;

/// <summary>One registry for the class; each test pushes to its own repository.</summary>
public sealed class RegistryFixture : IDisposable
{
    public LocalRegistry Registry { get; } = LocalRegistry.Start();

    public void Dispose() => Registry.Dispose();
}

/// <summary>
/// <c>capsule registry push/pull</c> and <c>capsule up --from-registry</c> against a real
/// registry on loopback: what is pushed is Spin's layout, what is pulled is what was pushed
/// (checked by digest), and bad references, unknown tags, a registry that is down and a
/// tampered layer each end with one line and their exit code.
/// </summary>
public sealed class PushPullTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryUser _user = new();

    private string Registry => fixture.Registry.Address;

    [Fact]
    public async Task The_example_app_pushed_then_served_pinned_with_up_from_registry_answers_requests()
    {
        var app = _user.Combine("hello-js");
        Directory.CreateDirectory(app);
        var example = Path.Combine(Guests.RepoRoot, "examples", "hello-js");
        File.Copy(Path.Combine(example, "capsule.toml"), Path.Combine(app, "capsule.toml"));
        // The example's manifest (routes, limits, build table) with the small WAT handler as its component:
        // compiling the 13 MB JS component takes over 90 s on a loaded 2-core machine, and the trip is the same.
        File.Copy(Guests.Get("http-hello.wasm"), Path.Combine(app, "hello.wasm"));

        var pushed = _user.Capsule("registry", "push", $"{Registry}/examples/hello-js:v1", app, "--insecure");
        Assert.Equal(0, pushed.ExitCode);
        var digest = Assert.Single(pushed.Stdout.Split(' ', '\n'), w => w.StartsWith("sha256:", StringComparison.Ordinal));

        using var served = await _user.ServeFromRegistry($"{Registry}/examples/hello-js@{digest}", "hello-js");
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/anything/else"));
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/hello/Ada"));
    }

    [Fact]
    public async Task Push_writes_Spin_layout_and_pull_lays_out_the_same_files_and_keys()
    {
        var app = _user.WriteApp("layout");
        var pushed = _user.Capsule("registry", "push", $"{Registry}/test/layout:v1", app, "--insecure");
        Assert.Equal(0, pushed.ExitCode);
        var digest = pushed.Stdout.Trim().Split(' ')[^1];

        // Spin's layout: the locked app layer last, a Wasm layer, a data layer per file over 128 bytes, Spin's config label.
        var manifest = await RawArtifact.Manifest(Registry, "test/layout", "v1");
        var layers = manifest["layers"]!.AsArray().Select(l => l!["mediaType"]!.GetValue<string>()).ToList();
        Assert.Equal(["application/vnd.wasm.content.layer.v1+wasm", "application/vnd.wasm.content.layer.v1+data", "application/vnd.fermyon.spin.application.v1+config"], layers);
        Assert.Equal("application/vnd.oci.image.config.v1+json", manifest["config"]!["mediaType"]!.GetValue<string>());
        var lockedDigest = manifest["layers"]![2]!["digest"]!.GetValue<string>();
        var config = JsonNode.Parse(await RawArtifact.Blob(Registry, "test/layout", manifest["config"]!["digest"]!.GetValue<string>()))!;
        Assert.Equal(lockedDigest, config["config"]!["Labels"]!["com.fermyon.spin.lockedAppDigest"]!.GetValue<string>());
        var locked = JsonNode.Parse(await RawArtifact.Blob(Registry, "test/layout", lockedDigest))!;
        Assert.Equal(0, locked["spin_lock_version"]!.GetValue<int>());
        var files = locked["components"]![0]!["files"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>(), f => f!["inline"] is not null);
        Assert.Equal(new Dictionary<string, bool> { ["data/table.csv"] = true, ["static/css/site.css"] = false, ["static/small.txt"] = true }, files);

        var pulled = _user.Capsule("registry", "pull", $"{Registry}/test/layout:v1", "--insecure");
        Assert.Equal(0, pulled.ExitCode);
        var folder = Path.Combine(_user.AppsDir, digest["sha256:".Length..]);
        Assert.Equal($"Pulled {Registry}/test/layout:v1 with digest {digest} into {folder}\n", pulled.Stdout);
        Assert.Equal("small\n", File.ReadAllText(Path.Combine(folder, "files", "hello", "static", "small.txt")));
        Assert.Equal(RegistryUser.SiteCss("layout"), File.ReadAllText(Path.Combine(folder, "files", "hello", "static", "css", "site.css")));
        Assert.Equal("a,b\n1,2\n", File.ReadAllText(Path.Combine(folder, "files", "hello", "data", "table.csv")));
        var toml = File.ReadAllText(Path.Combine(folder, "capsule.toml"));
        Assert.Contains("""environment = { "GREETING" = "hi \"there\"", "EMPTY" = "" }""", toml, StringComparison.Ordinal);
        Assert.Contains("""allowed_outbound_hosts = ["http://127.0.0.1:8080", "https://*.example.com:443"]""", toml, StringComparison.Ordinal);
        Assert.Contains("""instance_reuse = { "max_requests" = 7, "idle_timeout" = "3s" }""", toml, StringComparison.Ordinal);
        Assert.Contains("\"memory\" = \"64MiB\"\n\"timeout\" = \"4s\"\n\"max_concurrent\" = 9\n", toml, StringComparison.Ordinal);

        // Pinned and cached: served from the cache with no registry at all (nothing listens on the dead port).
        var offline = _user.Capsule("registry", "pull", $"127.0.0.1:{DeadPort()}/test/layout@{digest}", "--insecure");
        Assert.Equal(0, offline.ExitCode);
        Assert.Equal("", offline.Stderr);
    }

    [Fact]
    public void The_key_value_stores_and_sqlite_databases_a_component_lists_survive_push_and_pull()
    {
        var app = _user.Combine("stores");
        Directory.CreateDirectory(app);
        File.Copy(Guests.Get("http-hello.wasm"), Path.Combine(app, "hello.wasm"));
        File.WriteAllText(Path.Combine(app, "capsule.toml"), """
            spin_manifest_version = 2

            [application]
            name = "stores"

            [[trigger.http]]
            route = "/..."
            component = "hello"

            [component.hello]
            source = "hello.wasm"
            key_value_stores = ["default", "shared"]
            sqlite_databases = ["default"]
            """);
        var pushed = _user.Capsule("registry", "push", $"{Registry}/test/stores:v1", app, "--insecure");
        Assert.Equal(0, pushed.ExitCode);

        var pulled = _user.Capsule("registry", "pull", $"{Registry}/test/stores:v1", "--insecure");
        Assert.Equal(0, pulled.ExitCode);
        var toml = File.ReadAllText(Path.Combine(_user.AppsDir, pushed.Stdout.Trim().Split(' ')[^1]["sha256:".Length..], "capsule.toml"));
        Assert.Contains("""key_value_stores = ["default", "shared"]""", toml, StringComparison.Ordinal);
        Assert.Contains("""sqlite_databases = ["default"]""", toml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variables_and_the_templates_a_component_uses_survive_push_and_pull_and_resolve_when_served()
    {
        var app = _user.Combine("variables");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "capsule.toml"), $$$"""
            spin_manifest_version = 2

            [variables]
            greeting = { default = "hello" }
            api_token = { required = true, secret = true }

            [application]
            name = "variables"

            [[trigger.http]]
            route = "/v2/..."
            component = "v2"

            [component.v2]
            source = "{{{Guests.Get("spin2-js.component.wasm")}}}"
            [component.v2.variables]
            message = "{{ greeting }}, world"
            token = "Bearer {{api_token}}"
            """);
        Assert.Equal(0, _user.Capsule("registry", "push", $"{Registry}/test/variables:v1", app, "--insecure").ExitCode);

        // The required secret comes from the environment of the host that serves the pulled app, as with capsule up.
        using var served = await _user.ServeFromRegistry($"{Registry}/test/variables:v1", "variables", ("CAPSULE_VARIABLE_API_TOKEN", "t0ken"));
        Assert.Equal("""{"value":"hello, world"}""", await served.Client.GetStringAsync("/v2/var?name=message"));
        Assert.Equal("""{"value":"Bearer t0ken"}""", await served.Client.GetStringAsync("/v2/var?name=token"));
    }

    [Fact]
    public async Task A_pulled_app_is_served_with_its_files_and_environment_granted()
    {
        var app = _user.WriteApp("served");
        Assert.Equal(0, _user.Capsule("registry", "push", $"{Registry}/test/served:v1", app, "--insecure").ExitCode);
        using var served = await _user.ServeFromRegistry($"{Registry}/test/served:v1", "registry-test");
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/hello/x"));
        Assert.Equal(HttpStatusCode.NotFound, (await served.Client.GetAsync("/other")).StatusCode);
    }

    [Fact]
    public async Task A_tampered_layer_is_refused_and_nothing_is_laid_out()
    {
        var app = _user.WriteApp("tampered");
        var pushed = _user.Capsule("registry", "push", $"{Registry}/test/tampered:v1", app, "--insecure");
        Assert.Equal(0, pushed.ExitCode);
        var manifest = await RawArtifact.Manifest(Registry, "test/tampered", "v1");
        var data = manifest["layers"]![1]!["digest"]!.GetValue<string>();
        var stored = fixture.Registry.BlobData(data);
        var bytes = File.ReadAllBytes(stored);
        bytes[10] ^= 0xff;
        File.WriteAllBytes(stored, bytes);

        var pulled = _user.Capsule("registry", "pull", $"{Registry}/test/tampered:v1", "--insecure");
        Assert.Equal(69, pulled.ExitCode);
        Assert.Equal("", pulled.Stdout);
        Assert.Matches($"^capsule: error: {Registry}/test/tampered:v1: layer {data} does not match its digest \\(got sha256:[0-9a-f]{{64}}, 4000 of 4000 bytes\\): refused\n$",
            pulled.Stderr.Split('\n').Where(l => !l.StartsWith("capsule: pulling", StringComparison.Ordinal)).Aggregate((a, b) => a + "\n" + b));
        Assert.False(Directory.Exists(_user.AppsDir) && Directory.EnumerateFileSystemEntries(_user.AppsDir).Any(e => !Path.GetFileName(e).StartsWith('.')));
        Assert.False(File.Exists(Path.Combine(_user.CacheDir, "registry", "blobs", "sha256", data["sha256:".Length..])));
    }

    [Fact]
    public void An_unknown_tag_is_one_line_and_exit_69()
    {
        var result = _user.Capsule("registry", "pull", $"{Registry}/test/nothing-here:v9", "--insecure");
        Assert.Equal(new CapsuleResult(69, "", $"capsule: error: {Registry}/test/nothing-here:v9: not found in the registry (MANIFEST_UNKNOWN: manifest unknown)\n"), result);
    }

    [Fact]
    public void A_registry_that_is_down_is_one_line_and_exit_69_for_pull_push_and_up()
    {
        var reference = $"127.0.0.1:{DeadPort()}/test/app:v1";
        var expected = $"capsule: error: cannot reach registry 127.0.0.1:{reference.Split(':')[1].Split('/')[0]}: Connection refused\n";
        Assert.Equal(new CapsuleResult(69, "", expected), _user.Capsule("registry", "pull", reference, "--insecure"));
        Assert.Equal(new CapsuleResult(69, "", expected), _user.Capsule("registry", "push", reference, _user.WriteApp("down"), "--insecure"));
        Assert.Equal(new CapsuleResult(69, "", expected), _user.Capsule("up", "--from-registry", reference, "--insecure"));
    }

    [Theory]
    [InlineData("Test/Upper:v1", "expected [registry/]repository[:tag][@sha256:digest], with a lowercase repository name (e.g. ghcr.io/acme/hello:v1)")]
    [InlineData("127.0.0.1:5000/app@sha256:1234", "the digest must be sha256: followed by 64 lowercase hex digits (got \"sha256:1234\")")]
    [InlineData("127.0.0.1:5000/app:-bad", "the tag \"-bad\" is not valid (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')")]
    [InlineData("127.0.0.1:5000/../etc", "expected [registry/]repository[:tag][@sha256:digest], with a lowercase repository name (e.g. ghcr.io/acme/hello:v1)")]
    public void A_bad_reference_is_one_line_and_exit_2(string reference, string why)
    {
        var expected = new CapsuleResult(2, "", $"capsule: error: invalid reference \"{reference}\": {why}\n");
        Assert.Equal(expected, _user.Capsule("registry", "pull", reference));
        Assert.Equal(expected, _user.Capsule("up", "--from-registry", reference));
    }

    private static int DeadPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _user.Dispose();
}
