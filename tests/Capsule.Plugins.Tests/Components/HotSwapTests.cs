using Capsule.Plugins.Components;
using Capsule.Plugins.Failures;

namespace Capsule.Plugins.Tests.Components;

/// <summary>Reloading a plugin swaps its version between calls: calls in flight finish, bad versions are refused.</summary>
public sealed class HotSwapTests(PluginHostFixture fixture) : IClassFixture<PluginHostFixture>
{
    private static string CopyOf(TempDir dir, string guest)
    {
        var path = dir.Combine("plugin.wasm");
        File.Copy(Guests.Get(guest), path, overwrite: true);
        return path;
    }

    [Fact]
    public void Reload_swaps_in_the_new_version_and_a_bad_one_keeps_the_old()
    {
        using var dir = new TempDir();
        var path = CopyOf(dir, "plugin-js.component.wasm");
        using var plugin = fixture.Host.Load(path, fixture.World);
        Assert.Equal("1", plugin.Call("version"));

        File.Copy(Guests.Get("plugin2-js.component.wasm"), path, overwrite: true);
        Assert.Equal(2, plugin.Reload());
        Assert.Equal("2", plugin.Call("version"));

        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<PluginLoadException>(() => plugin.Reload());
        Assert.False(plugin.LastReload!.Succeeded);
        Assert.Equal("2", plugin.Call("version"));

        File.Copy(Guests.Get("http-hello.wasm"), path, overwrite: true);
        var wrongWorld = Assert.Throws<PluginLoadException>(() => plugin.Reload());
        Assert.Contains("does not export capsule:plugin/transform@0.1.0", wrongWorld.Message);
        Assert.Equal(2, plugin.Version);
        Assert.Equal("2", plugin.Call("version"));
    }

    [Fact]
    public async Task Calls_in_flight_finish_on_their_version_and_no_call_is_lost_under_load()
    {
        using var dir = new TempDir();
        var path = CopyOf(dir, "plugin-js.component.wasm");
        using var plugin = fixture.Host.Load(path, fixture.World, new ComponentPluginOptions { MaxCallsPerInstance = 5 });
        var slow = Task.Run(() => plugin.Call("busy", 1500));
        using var stop = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var callers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var calls = 0;
            while (!stop.IsCancellationRequested || calls == 0)
            {
                seen.Add((string)plugin.Call("version")!);
                calls++;
            }
            return calls;
        })).ToArray();
        // The callers have called version 1 before the first swap (a fast machine would swap before they start).
        while (seen.IsEmpty)
        {
            await Task.Delay(10);
        }
        for (var i = 0; i < 3; i++)
        {
            File.Copy(Guests.Get(i % 2 == 0 ? "plugin2-js.component.wasm" : "plugin-js.component.wasm"), path, overwrite: true);
            plugin.Reload();
        }
        Assert.Equal(1500U, await slow);
        stop.Cancel();
        var counts = await Task.WhenAll(callers);
        Assert.All(counts, c => Assert.True(c > 0));
        Assert.Equal(4, plugin.Version);
        Assert.Equal("2", plugin.Call("version"));
        Assert.Contains("1", seen);
    }

    [Fact]
    public async Task A_watched_file_reloads_when_it_changes()
    {
        using var dir = new TempDir();
        var path = CopyOf(dir, "plugin-js.component.wasm");
        using var plugin = fixture.Host.Load(path, fixture.World, new ComponentPluginOptions { WatchFile = true });
        var reloaded = new TaskCompletionSource<PluginReload>(TaskCreationOptions.RunContinuationsAsynchronously);
        plugin.Reloaded += r => reloaded.TrySetResult(r);
        Assert.Equal("1", plugin.Call("version"));
        // Written beside and moved in, as deployments replace files.
        File.Copy(Guests.Get("plugin2-js.component.wasm"), dir.Combine("next.tmp"));
        File.Move(dir.Combine("next.tmp"), path, overwrite: true);
        var reload = await reloaded.Task.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(reload.Succeeded, reload.Error);
        Assert.Equal("2", plugin.Call("version"));
    }
}
