using System.IO.Pipelines;
using System.Text;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;
using Capsule.Wasi.Http;

namespace Capsule.Wasi.Tests;

/// <summary>A componentize-js wasi:http handler, called with a host-made request on Capsule's host.</summary>
public sealed class HttpHandlerTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    private static IncomingRequest Get(string path) => new(
        "GET", path, "http", "localhost:3000",
        Fields.FromHost([new("accept", "text/plain"u8.ToArray()), new("user-agent", "capsule-test"u8.ToArray())]),
        new IncomingBody(Stream.Null));

    [Fact]
    public async Task Js_handler_answers_with_status_headers_and_body()
    {
        using var guest = hosts.Loader.Load(Guests.Get("hello-js.component.wasm"));
        var outparam = new ResponseOutparam();
        var serving = Task.Run(() => hosts.Host.HandleHttp(guest, GuestGrants.None, GuestOutput.Discard, Get("/greet?x=1"), outparam));

        var response = await outparam.Response.WaitAsync(TimeSpan.FromSeconds(30));
        var body = await ReadAll(response.BodyReader);
        Assert.Equal(new RunOutcome.Exited(0), await serving);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("hello from js: GET /greet\n", body);
        var headers = response.Headers.Entries().ToDictionary(e => e.Key, e => Encoding.ASCII.GetString(e.Value));
        Assert.Equal("text/plain", headers["content-type"]);
        Assert.Equal("componentize-js", headers["x-guest"]);
    }

    [Fact]
    public async Task Every_request_gets_a_fresh_instance()
    {
        using var guest = hosts.Loader.Load(Guests.Get("hello-js.component.wasm"));
        for (var i = 0; i < 3; i++)
        {
            var outparam = new ResponseOutparam();
            var serving = Task.Run(() => hosts.Host.HandleHttp(guest, GuestGrants.None, GuestOutput.Discard, Get($"/n{i}"), outparam));
            var response = await outparam.Response.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal($"hello from js: GET /n{i}\n", await ReadAll(response.BodyReader));
            Assert.Equal(new RunOutcome.Exited(0), await serving);
        }
    }

    [Fact]
    public void Every_import_of_the_js_component_is_defined_by_capsule()
    {
        // Instantiation fails on any import the host does not define: no trap stubs are involved.
        using var guest = hosts.Loader.Load(Guests.Get("hello-js.component.wasm"));
        using var deadline = new Capsule.Runtime.Running.RunDeadline(ResourceLimits.Default.Timeout);
        using var store = hosts.Host.CreateStore(GuestGrants.None, Capsule.Runtime.Running.GuestOutput.Discard, deadline);
        hosts.Host.Linker.Instantiate(store, guest.Component!);
    }

    internal static async Task<string> ReadAll(PipeReader reader)
    {
        using var memory = new MemoryStream();
        await reader.CopyToAsync(memory);
        return Encoding.UTF8.GetString(memory.ToArray());
    }
}
