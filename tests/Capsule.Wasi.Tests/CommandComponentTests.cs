using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;

namespace Capsule.Wasi.Tests;

/// <summary>The C probe as a WASI 0.2 command: Capsule's host prints exactly what Wasmtime's prints.</summary>
public sealed class CommandComponentTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    private void AssertSameAsWasmtime(GuestGrants grants, string expectedStdout)
    {
        var capsule = hosts.RunOnCapsule("probe.component.wasm", grants);
        var wasmtime = hosts.RunOnWasmtime("probe.component.wasm", grants);
        Assert.Equal(wasmtime.Result.Outcome, capsule.Result.Outcome);
        Assert.Equal(wasmtime.Stdout, capsule.Stdout);
        Assert.Equal(wasmtime.Stderr, capsule.Stderr);
        Assert.Equal(expectedStdout, capsule.Stdout);
    }

    [Fact]
    public void Arguments() =>
        AssertSameAsWasmtime(new GuestGrants { ProgramName = "probe", Arguments = ["args", "one", "two words"] }, "probe\nargs\none\ntwo words\n");

    [Fact]
    public void Environment() =>
        AssertSameAsWasmtime(new GuestGrants { Arguments = ["env"], Environment = [new("A", "1"), new("B", "two")] }, "A=1\nB=two\n");

    [Fact]
    public void Exit_code()
    {
        var capsule = hosts.RunOnCapsule("probe.component.wasm", new GuestGrants { Arguments = ["exit", "3"] });
        Assert.Equal(new RunOutcome.Exited(1), capsule.Result.Outcome);
        Assert.Equal("exiting with 3\n", capsule.Stderr);
    }

    /// <summary>wasi:cli/exit's exit-with-code (a guest in text, tests/guests/wat-components) ends the run with that code.</summary>
    [Fact]
    public void Exit_with_code()
    {
        using var guest = hosts.Loader.Load(Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", "exit-with-code.wat"));
        var result = hosts.Host.RunCommand(guest, GuestGrants.None, GuestOutput.Discard);
        Assert.Equal(new RunOutcome.Exited(7), result.Outcome);
    }
}
