namespace Capsule.Cli.Tests;

/// <summary>
/// <c>CAPSULE_COMPILER</c>: Winch (Wasmtime's baseline compiler) runs the same guests as
/// Cranelift, its artifacts kept apart in the cache (another fingerprint folder); an
/// unknown compiler is refused in one line before anything runs.
/// </summary>
public sealed class CompilerSettingTests : IDisposable
{
    private readonly TempDir _temp = new();

    private CapsuleResult Run(string? compiler, params string[] args)
    {
        var start = CapsuleProcess.StartInfo(_temp.Combine("cache"), args);
        if (compiler is not null)
        {
            start.Environment["CAPSULE_COMPILER"] = compiler;
        }
        return CapsuleProcess.Run(start);
    }

    [Fact]
    public void Winch_runs_a_guest_as_cranelift_does_and_caches_it_under_its_own_fingerprint()
    {
        var cranelift = Run(null, "run", Guests.Get("hello.wasm"));
        var winch = Run("winch", "run", Guests.Get("hello.wasm"));
        Assert.Equal(new CapsuleResult(0, "hello from wasm\n", ""), cranelift);
        Assert.Equal(cranelift, winch);
        Assert.Equal(2, Directory.GetDirectories(_temp.Combine("cache")).Length);
        Assert.Equal(Run(null, "run", Guests.Get("hello.wasm")), Run("Cranelift", "run", Guests.Get("hello.wasm")));
        Assert.Equal(2, Directory.GetDirectories(_temp.Combine("cache")).Length);
    }

    [Fact]
    public void An_unknown_compiler_is_refused_in_one_line_naming_the_choices()
    {
        var result = Run("llvm", "run", Guests.Get("hello.wasm"));
        Assert.Equal(new CapsuleResult(2, "", "capsule: error: CAPSULE_COMPILER='llvm' names no compiler: use cranelift or winch\n"), result);
    }

    public void Dispose() => _temp.Dispose();
}
