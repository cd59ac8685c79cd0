using System.Diagnostics;

namespace Capsule.Cli.Tests;

/// <summary>
/// Where <c>capsule run</c>'s output lands when the shell sends it to a file: every byte, in
/// the order the guest wrote it, after what the shell wrote before and before what it writes after.
/// </summary>
public sealed class RunOutputTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Theory]
    [InlineData("probe.component.wasm", "capsule")]
    [InlineData("probe.component.wasm", "wasmtime")]
    [InlineData("probe.wasm", "capsule")]
    public void Stdout_and_stderr_sent_to_one_file_keep_every_line_in_order(string guest, string wasiHost)
    {
        // `(echo start; capsule run …; echo end) > f 2>&1`: the writer once wrote at a
        // position of its own (pwrite), so stderr overwrote stdout and the shell's lines.
        var file = _temp.Combine("out.txt");
        var capsule = CapsuleProcess.StartInfo(_temp.Combine("cache"), ["run", "--wasi-host", wasiHost, Guests.Get(guest), "--", "interleave", "3"]);
        var command = string.Join(' ', new[] { capsule.FileName }.Concat(capsule.ArgumentList).Select(Quote));
        var shell = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add($"(echo start; {command}; echo end) > {Quote(file)} 2>&1");
        shell.Environment["CAPSULE_CACHE_DIR"] = _temp.Combine("cache");

        using var process = Process.Start(shell)!;
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "capsule run did not finish in 120 s");

        Assert.Equal("start\nout 0\nerr 0\nout 1\nerr 1\nout 2\nerr 2\nend\n", File.ReadAllText(file));
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";

    public void Dispose() => _temp.Dispose();
}
