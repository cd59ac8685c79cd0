using Capsule.Runtime.Grants;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Running;

namespace Capsule.Runtime.Tests;

public sealed class GuestRunnerTests(RuntimeFixture runtime) : IClassFixture<RuntimeFixture>
{
    [Fact]
    public void Hello_module_writes_stdout_and_exits_zero()
    {
        var (result, stdout, _) = runtime.Run("hello.wasm");
        Assert.Equal(new RunOutcome.Exited(0), result.Outcome);
        Assert.Equal("hello from wasm\n", stdout);
    }

    [Fact]
    public void Trap_is_reported_with_kind_and_guest_backtrace()
    {
        var (result, _, _) = runtime.Run("trap.wasm");
        var trap = Assert.IsType<RunOutcome.Trapped>(result.Outcome);
        Assert.Equal("unreachable", trap.Kind);
        Assert.Contains("unreachable", trap.Message);
        Assert.Contains(trap.Backtrace, f => f.Contains("!inner"));
        Assert.Contains(trap.Backtrace, f => f.Contains("!outer"));
        Assert.True(trap.Backtrace.ToList().FindIndex(f => f.Contains("!inner")) < trap.Backtrace.ToList().FindIndex(f => f.Contains("!outer")));
    }

    [Theory]
    [InlineData("oob.wasm", "out-of-bounds memory access", "!peek")]
    [InlineData("recurse.wasm", "stack overflow", "!down")]
    [InlineData("divzero.wasm", "integer divide by zero", "!divide")]
    public void Each_trap_kind_is_named(string guest, string kind, string innermost)
    {
        var (result, _, _) = runtime.Run(guest);
        var trap = Assert.IsType<RunOutcome.Trapped>(result.Outcome);
        Assert.Equal(kind, trap.Kind);
        Assert.Contains(innermost, trap.Backtrace[0]);
    }

    [Fact]
    public void Infinite_loop_is_interrupted_at_the_timeout()
    {
        var limit = TimeSpan.FromMilliseconds(300);
        var (result, _, _) = runtime.Run("loop.wasm", new GuestGrants { Limits = new ResourceLimits { Timeout = limit } });
        Assert.Equal(new RunOutcome.TimedOut(limit), result.Outcome);
        Assert.InRange(result.Elapsed, limit, limit + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Infinite_loop_stops_when_fuel_runs_out()
    {
        var (result, _, _) = runtime.Run("loop.wasm", new GuestGrants { Limits = new ResourceLimits { Fuel = 100_000 } });
        Assert.Equal(new RunOutcome.OutOfFuel(100_000), result.Outcome);
    }

    [Fact]
    public void Memory_bomb_stops_at_the_limit_and_the_host_reports_it()
    {
        var limits = new ResourceLimits { MaxMemoryBytes = 8L << 20 };
        var (result, _, stderr) = runtime.Run("membomb.wasm", new GuestGrants { Limits = limits });
        Assert.Equal(new RunOutcome.Exited(1), result.Outcome);
        Assert.Equal("memory.grow failed\n", stderr);
        Assert.True(result.MemoryLimitReached);

        // The host survives: the next guest runs normally on the same engine.
        var (next, stdout, _) = runtime.Run("hello.wasm");
        Assert.Equal(new RunOutcome.Exited(0), next.Outcome);
        Assert.Equal("hello from wasm\n", stdout);
    }

    [Fact]
    public void Exit_code_of_the_guest_is_the_outcome()
    {
        var (result, _, stderr) = runtime.Run("probe.wasm", new GuestGrants { Arguments = ["exit", "3"] });
        Assert.Equal(new RunOutcome.Exited(3), result.Outcome);
        Assert.Equal("exiting with 3\n", stderr);
    }

    [Fact]
    public void Arguments_and_granted_environment_reach_the_guest_and_nothing_else()
    {
        var grants = new GuestGrants
        {
            ProgramName = "probe.wasm",
            Arguments = ["args", "one", "two words"],
        };
        Assert.Equal("probe.wasm\nargs\none\ntwo words\n", runtime.Run("probe.wasm", grants).Stdout);

        var none = runtime.Run("probe.wasm", new GuestGrants { Arguments = ["env"] });
        Assert.Equal("", none.Stdout);

        var some = runtime.Run("probe.wasm", new GuestGrants { Arguments = ["env"], Environment = [new("GREETING", "hi there")] });
        Assert.Equal("GREETING=hi there\n", some.Stdout);
    }

    [Fact]
    public void Component_without_wasi_cli_run_is_a_load_error_naming_what_it_exports()
    {
        using var guest = runtime.Loader.Load(Guests.Get("hello-js.component.wasm"));
        var error = Assert.Throws<WasmLoadException>(() => runtime.Runner.Run(guest, GuestGrants.None, GuestOutput.Inherit));
        Assert.Contains("does not export wasi:cli/run", error.Message);
        Assert.Contains("wasi:http/incoming-handler@0.2.10", error.Message);
    }

    [Fact]
    public void Unsatisfied_import_is_a_load_error_naming_the_import()
    {
        using var guest = runtime.Loader.Load(Guests.Get("needs-env.wasm"));
        var error = Assert.Throws<WasmLoadException>(() => runtime.Runner.Run(guest, GuestGrants.None, GuestOutput.Inherit));
        Assert.Contains("env::host_magic", error.Message);
    }

    [Theory]
    [InlineData("probe.wasm")]
    [InlineData("probe.component.wasm")]
    public void Command_component_prints_what_the_module_prints(string guest)
    {
        var grants = new GuestGrants { ProgramName = "probe", Arguments = ["args", "x", "y z"], Environment = [new("A", "1")] };
        Assert.Equal("probe\nargs\nx\ny z\n", runtime.Run(guest, grants).Stdout);
        Assert.Equal("A=1\n", runtime.Run(guest, grants with { Arguments = ["env"] }).Stdout);
    }
}
