using Capsule.Runtime.Inspection;
using Capsule.Runtime.Loading;

namespace Capsule.Wasi.Tests;

/// <summary>capsule inspect's description of a guest; its grant hints come from the WASI host's features.</summary>
public sealed class WasmInspectorTests(WasiHostFixture runtime) : IClassFixture<WasiHostFixture>
{
    private WasmDescription Describe(string guest)
    {
        using var loaded = runtime.Loader.Load(Guests.Get(guest));
        return new WasmInspector(runtime.Engine.WasmEngine, runtime.Host.Features.SelectMany(f => f.GrantHints)).Describe(loaded);
    }

    [Fact]
    public void Module_lists_preview1_imports_exports_and_grants()
    {
        var d = Describe("probe.wasm");
        Assert.Equal(WasmKind.CoreModule, d.Kind);
        Assert.Equal(new FileInfo(Guests.Get("probe.wasm")).Length, d.SizeBytes);
        Assert.Contains(d.Imports, i => i.Name == "wasi_snapshot_preview1::path_open" && i.Kind == "func");
        Assert.Contains(d.Exports, e => e.Name == "_start" && e.Kind == "func");
        Assert.Contains(d.Exports, e => e.Name == "memory" && e.Kind == "memory");
        Assert.Contains(d.Grants, g => g.Capability == "files" && g.HowToGrant.StartsWith("--dir"));
        Assert.Contains(d.Grants, g => g.Capability == "environment variables");
    }

    [Fact]
    public void Module_with_no_imports_needs_no_grants()
    {
        var d = Describe("loop.wasm");
        Assert.Empty(d.Imports);
        Assert.Empty(d.Grants);
    }

    [Fact]
    public void Js_component_shows_wit_names_and_its_outbound_http_grant()
    {
        var d = Describe("hello-js.component.wasm");
        Assert.Equal(WasmKind.Component, d.Kind);
        var handler = Assert.Single(d.Exports);
        Assert.Equal("wasi:http/incoming-handler@0.2.10", handler.Name);
        Assert.Equal("instance", handler.Kind);
        Assert.Contains("handle", handler.Members);
        Assert.Contains(d.Imports, i => i.Name.StartsWith("wasi:http/outgoing-handler@0.2.", StringComparison.Ordinal));
        Assert.Contains(d.Grants, g => g.Capability == "outbound HTTP" && g.HowToGrant.Contains("allowed_outbound_hosts"));
    }

    [Fact]
    public void Command_component_exports_wasi_cli_run()
    {
        var d = Describe("probe.component.wasm");
        var run = Assert.Single(d.Exports);
        Assert.StartsWith("wasi:cli/run@0.2.", run.Name);
        Assert.Equal(["run"], run.Members);
        Assert.Contains(d.Imports, i => i.Name.StartsWith("wasi:filesystem/preopens@", StringComparison.Ordinal));
    }
}
