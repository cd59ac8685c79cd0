using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;
using Microsoft.Extensions.Logging;

namespace Capsule.Wasi.Tests;

/// <summary>
/// Commands on the component layer (<see cref="ComponentLayer.Core"/>) against the same commands on the
/// component C API in the same test: the outcome must agree; what the layer cannot run yet falls back, said once.
/// </summary>
public sealed class ComponentLayerTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    [Fact]
    public void Exit_with_code_runs_on_the_core_layer_with_the_component_api_outcome()
    {
        var log = new ListLogger();
        using var core = new WasiHost(hosts.Engine) { ComponentLayer = ComponentLayer.Core, Logger = log };
        using var guest = hosts.Loader.Load(Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", "exit-with-code.wat"));

        var onCore = core.RunCommand(guest, GuestGrants.None, GuestOutput.Discard);
        var onComponentApi = hosts.Host.RunCommand(guest, GuestGrants.None, GuestOutput.Discard);

        Assert.Empty(log.Lines); // no fallback: the core layer ran it
        Assert.Equal(new RunOutcome.Exited(7), onCore.Outcome);
        Assert.Equal(onComponentApi.Outcome, onCore.Outcome);
    }

    [Fact]
    public void A_command_the_layer_cannot_run_falls_back_once_with_the_reason_and_the_same_outcome()
    {
        var log = new ListLogger();
        using var core = new WasiHost(hosts.Engine) { ComponentLayer = ComponentLayer.Core, Logger = log };
        using var guest = hosts.Loader.Load(Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", "guest-resource-exit.wat"));

        var first = Run(core, guest, GuestGrants.None);
        var second = Run(core, guest, GuestGrants.None);
        var reference = Run(hosts.Host, guest, GuestGrants.None);

        var line = Assert.Single(log.Lines);
        Assert.Contains("guest-resource-exit.wat: the component layer cannot run it (", line);
        Assert.Contains("running it on Wasmtime's component API", line);
        Assert.Equal(new RunOutcome.Exited(5), reference.Outcome);
        Assert.Equal(reference, first);
        Assert.Equal(reference, second);
    }

    /// <summary>
    /// WASI guests in text whose <c>run: func() -> u32</c> uses wasi:clocks and wasi:io/poll (pollables made by one
    /// interface, polled, blocked on and dropped through another) or wasi:sockets (denied): the same result and the same host resources left alive on both layers.
    /// </summary>
    [Theory]
    [InlineData("drop-pollable.wat")]
    [InlineData("poll-two-borrows.wat")]
    [InlineData("poll-three.wat")]
    [InlineData("old-wasi-versions.wat")]
    [InlineData("sockets-denied.wat")]
    [InlineData("sockets-lookup-denied.wat")]
    public void Wasi_guests_give_the_same_result_on_both_layers(string file)
    {
        var (onComponentApi, componentHandlesLeft) = hosts.RunWatComponent(file);

        var path = Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", file);
        var binary = Wasmtime.Module.ConvertText(File.ReadAllText(path)).ToArray();
        using var core = CoreComponent.Load(hosts.Engine, binary, hosts.Host.Lowerings);
        using var deadline = new RunDeadline(ResourceLimits.Default.Timeout);
        using var state = new Runtime.Features.InstanceState(GuestGrants.None, deadline);
        foreach (var feature in hosts.Host.Features)
        {
            feature.Prepare(state, GuestOutput.Discard);
        }
        using var store = new CoreStore(hosts.Engine, ResourceLimits.Default, deadline);
        store.InstanceState.Host = state;
        var instance = core.Instantiate(store);
        var call = instance.Call("run", new([], [Runtime.Components.Abi.CoreValType.I32]));
        Span<Runtime.Components.Abi.ValRaw> slots = [default];
        call.Invoke(slots);
        call.Finish(slots);

        Assert.Equal(onComponentApi, slots[0].U32);
        Assert.Equal(componentHandlesLeft, state.Table.Count); // host resources still alive
    }

    private static (RunOutcome Outcome, string Stderr) Run(WasiHost host, Runtime.Loading.LoadedGuest guest, GuestGrants grants)
    {
        var stderr = new MemoryStream();
        var result = host.RunCommand(guest, grants, GuestOutput.ToCallbacks(_ => { }, d => stderr.Write(d)));
        return (result.Outcome, System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
