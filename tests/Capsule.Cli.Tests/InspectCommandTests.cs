using System.Text.Json;

namespace Capsule.Cli.Tests;

public sealed class InspectCommandTests : IDisposable
{
    private readonly TempDir _temp = new();

    private CapsuleResult Capsule(params string[] args) => CapsuleProcess.Run(_temp.Combine("cache"), args);

    [Fact]
    public void Js_component_shows_wit_names_size_and_grants()
    {
        var path = Guests.Get("hello-js.component.wasm");
        var result = Capsule("inspect", path);
        Assert.Equal(0, result.ExitCode);
        var size = new FileInfo(path).Length;
        Assert.StartsWith($"{path}: component, {size:N0} bytes\n", result.Stdout);
        Assert.Matches(@"\n  wasi:http/incoming-handler@0\.2\.10 +instance\n      .*\bhandle\n", result.Stdout);
        Assert.Matches(@"\n  wasi:http/outgoing-handler@0\.2\.\d+ +instance\n", result.Stdout);
        Assert.Contains("  outbound HTTP: allowed_outbound_hosts in capsule.toml", result.Stdout);
    }

    [Fact]
    public void Spin_sqlite_and_variables_guests_are_told_their_manifest_keys()
    {
        var spin2 = Capsule("inspect", Guests.Get("spin2-js.component.wasm"));
        var spin3 = Capsule("inspect", Guests.Get("spin3-js.component.wasm"));

        Assert.Equal(0, spin2.ExitCode);
        Assert.Contains("  SQLite databases: sqlite_databases = [\"default\"] in capsule.toml", spin2.Stdout);
        Assert.Contains("  variables: [variables] and [component.ID.variables] in capsule.toml", spin2.Stdout);
        Assert.Contains("  SQLite databases: sqlite_databases", spin3.Stdout);
        Assert.Contains("  variables: [variables]", spin3.Stdout);
    }

    [Fact]
    public void Module_as_json()
    {
        var result = Capsule("inspect", Guests.Get("probe.wasm"), "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("core-module", root.GetProperty("kind").GetString());
        Assert.Contains(root.GetProperty("imports").EnumerateArray(), i => i.GetProperty("name").GetString() == "wasi_snapshot_preview1::fd_write");
        Assert.Contains(root.GetProperty("exports").EnumerateArray(), e => e.GetProperty("name").GetString() == "_start");
        Assert.Contains(root.GetProperty("grants").EnumerateArray(), g => g.GetProperty("capability").GetString() == "files");
    }

    public void Dispose() => _temp.Dispose();
}
