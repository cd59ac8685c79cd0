using System.Net;
using System.Text.Json;

namespace Capsule.AspNetCore.Tests;

/// <summary>MapCapsuleApp in an ASP.NET Core app (WebApplicationFactory), with real guests.</summary>
public sealed class MapCapsuleAppTests
{
    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task An_app_serves_under_its_path_base_beside_a_csharp_endpoint()
    {
        using var site = new Site().App("/shop", Site.Probe());
        await using var factory = site.Start();
        using var client = factory.CreateClient();

        var headers = (await Json(await client.GetAsync("/shop/items/7?do=headers"))).GetProperty("headers");
        Assert.Equal("/shop", headers.GetProperty("spin-base-path").GetString());
        Assert.Equal("/items/7", headers.GetProperty("spin-path-info").GetString());
        Assert.Equal("/...", headers.GetProperty("spin-matched-route").GetString());
        Assert.Equal("http://localhost/shop/items/7?do=headers", headers.GetProperty("spin-full-url").GetString());
        var root = (await Json(await client.GetAsync("/shop?do=headers"))).GetProperty("headers");
        Assert.Equal("/", root.GetProperty("spin-path-info").GetString());

        Assert.Equal("hello from C#\n", await client.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/shopping")).StatusCode);
        // Logged as capsule up logs a request: the handler's access line, event 200.
        Assert.True(await site.Served("/shop/items/7"));
    }

    [Fact]
    public async Task Two_apps_side_by_side_each_serve_their_own_and_key_value_works()
    {
        // The key-value guest reads /API/LABEL/OP/KEY from the whole path: served under /spin, its API is "spin".
        var kv = $$"""
            [application]
            name = "kv"
            [[trigger.http]]
            route = "/..."
            component = "kv"
            [component.kv]
            {{TestManifests.Source("kv-js.component.wasm")}}
            key_value_stores = ["default"]
            """;
        using var site = new Site().App("/probe", Site.Probe()).App("/spin", kv);
        await using var factory = site.Start();
        using var client = factory.CreateClient();

        Assert.Equal("ok\n", await client.GetStringAsync("/spin/default/set/greeting?value=hej"));
        Assert.Equal("hej\n", await client.GetStringAsync("/spin/default/get/greeting"));
        var headers = (await Json(await client.GetAsync("/probe/x?do=headers"))).GetProperty("headers");
        Assert.Equal("/probe", headers.GetProperty("spin-base-path").GetString());
        // The store is the app's own SQLite file, in .capsule beside its manifest.
        Assert.True(Directory.Exists(site.Folder.Combine("app1", ".capsule")));
    }

    [Fact]
    public async Task RequireAuthorization_answers_401_before_the_guest_runs()
    {
        using var site = new Site().App("/private", Site.Probe(), policy: "auth");
        await using var factory = site.Start();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/private/secret?do=headers")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/private/secret?do=headers");
        request.Headers.Add("X-User", "ada");
        Assert.Equal("/secret", (await Json(await client.SendAsync(request))).GetProperty("headers").GetProperty("spin-path-info").GetString());
        // The guest ran for the authorized request only: one access line, for it, and none for the 401 before it.
        Assert.True(await site.Served("/private/secret"));
        Assert.Single(site.Logs, l => l.Category == Site.HandlerCategory);
    }

    [Fact]
    public async Task RequireRateLimiting_answers_429_past_the_limit()
    {
        using var site = new Site().App("/limited", Site.Probe(), policy: "limit");
        await using var factory = site.Start();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited/a?do=headers")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/limited/b?do=headers")).StatusCode);
        Assert.True(await site.Served("/limited/a"));
        Assert.DoesNotContain(site.Logs, l => l.Category == Site.HandlerCategory && l.Message.Contains("/limited/b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_manifest_fails_start_up_naming_it()
    {
        using var site = new Site().App("/bad", "[application]\nname = \"bad\"\n[[trigger.http]]\nroute = \"/...\"\ncomponent = \"missing\"\n");
        await using var factory = site.Start();

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("capsule.toml", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }
}
