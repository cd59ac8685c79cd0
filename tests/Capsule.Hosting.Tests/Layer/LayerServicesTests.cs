using System.Net;

namespace Capsule.Hosting.Tests.Layer;

/// <summary>
/// Spin's services over HTTP on both layers: the key-value JS guest (tests/guests/js/kv) served by real Kestrel, the
/// same requests in the same order against a real SQLite store of each app's own; the component C API's answers are
/// the reference, and the component layer really serves the guest (no fallback).
/// </summary>
public sealed class LayerServicesTests(LayerFixture layers) : IClassFixture<LayerFixture>
{
    private static readonly string[] Requests =
    [
        "/spin/default/set/greeting?value=hello",
        "/spin/default/get/greeting",
        "/spin/default/exists/greeting",
        "/spin/default/exists/missing",
        "/spin/default/get/missing",
        "/wasi/default/incr/counter?delta=5",
        "/wasi/default/incr/counter?delta=-2",
        "/wasi/default/setmany?a=1&b=2",
        "/wasi/default/getmany?keys=a,b,nothing",
        "/spin/default/keys",
        "/spin/default/delete/greeting",
        "/spin/default/keys",
        "/spin/other/get/x",
        "/wasi/other/get/x",
    ];

    [Fact]
    public async Task The_key_value_guest_answers_the_same_on_both_layers()
    {
        var reference = await Answers(layers.Wasmtime, LayerFixture.Off);
        var answers = await Answers(layers.Core, fallsBack: null);

        Assert.Contains("200 hello\n", reference);
        Assert.Equal(reference, answers);
    }

    private static async Task<List<string>> Answers(HostingFixture hosting, string? fallsBack)
    {
        var manifest = TestManifests.SingleComponent("kv", "kv-js.component.wasm") + "\nkey_value_stores = [\"default\"]\n";
        await using var app = await TestApp.Start(hosting, manifest);
        LayerFixture.AssertLayer(app, "kv", fallsBack);
        var answers = new List<string>();
        foreach (var path in Requests)
        {
            using var response = await app.Client.GetAsync(path);
            answers.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return answers;
    }
}
