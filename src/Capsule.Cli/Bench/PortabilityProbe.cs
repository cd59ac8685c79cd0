using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Capsule.Cli.Bench;

/// <summary>
/// The same app files served by this capsule and by capsule for another CPU (an arm64 build:
/// natively on an arm64 machine, else under qemu-user), each asked the same requests: the
/// files' digests, and whether the answers (status, content type, body) are the same.
/// </summary>
public sealed class PortabilityProbe(CompareSetup setup, BenchWorkspace workspace)
{
    /// <summary>Debian's qemu-user binary for arm64 (package qemu-user-static).</summary>
    public const string Qemu = "qemu-aarch64-static";

    /// <summary>Emulated, a 12 MB JS component compiles (with Winch) for minutes on a busy machine.</summary>
    public static readonly TimeSpan ServingTimeout = TimeSpan.FromMinutes(15);

    private static readonly string[] Paths = ["/", "/hello/Ada"];

    /// <summary>Serves the app with both builds and compares their answers; <paramref name="other"/> is the other CPU's capsule.</summary>
    public PortabilityResult Measure(string other, CancellationToken cancellation)
    {
        var digests = setup.ComponentSources.Where(File.Exists)
            .Select(f => $"{Path.GetFileName(f)} sha256:{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}").ToList();
        var here = ElfFile.Read(setup.Capsule.File).Architecture ?? RuntimeInformation.ProcessArchitecture.ToString();
        var there = ElfFile.Read(other).Architecture ?? "unknown";
        var emulated = there != here;
        var native = Answers(setup.Capsule.StartInfo(workspace.NewFolder("cache-portability"), "up", setup.AppLocation), TimeSpan.FromMinutes(2), cancellation);
        var start = new ProcessStartInfo(emulated ? Qemu : other);
        foreach (var arg in (emulated ? [other] : Array.Empty<string>()).Concat(["up", setup.AppLocation]))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["CAPSULE_CACHE_DIR"] = workspace.NewFolder("cache-portability-other");
        if (emulated)
        {
            // What qemu-user 7.2 needs (README, "arm64"): no instance pool, the baseline compiler, no ICU.
            start.Environment["CAPSULE_POOLING"] = "off";
            start.Environment["CAPSULE_COMPILER"] = "winch";
            start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        }
        var foreign = Answers(start, ServingTimeout, cancellation);
        return new PortabilityResult(digests, here, there, emulated, native, foreign, native.SequenceEqual(foreign));
    }

    // Starts a capsule up on a free port, waits for its first 200, asks each path, stops it.
    private List<string> Answers(ProcessStartInfo start, TimeSpan timeout, CancellationToken cancellation)
    {
        var port = FirstResponseProbe.FreePort();
        start.ArgumentList.Add("--listen");
        start.ArgumentList.Add($"127.0.0.1:{port}");
        var server = workspace.Start(start);
        try
        {
            FirstResponseProbe.WaitFor(port, Stopwatch.StartNew(), server.Process, timeout, cancellation);
            return [.. Paths.Select(path => Ask(port, path))];
        }
        catch (BenchException e)
        {
            throw new BenchException($"portability: {e.Message}; its last output:\n{server.LastLines}");
        }
        finally
        {
            workspace.Stop(server);
        }
    }

    // Status line, content type and body of GET path (the Date header differs from run to run).
    private static string Ask(int port, string path)
    {
        using var client = new TcpClient("127.0.0.1", port) { ReceiveTimeout = 30_000 };
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = (split < 0 ? text : text[..split]).Split("\r\n");
        var type = head.FirstOrDefault(h => h.StartsWith("content-type:", StringComparison.OrdinalIgnoreCase)) ?? "";
        return $"GET {path}: {head[0]}; {type}; {(split < 0 ? "" : text[(split + 4)..])}";
    }
}

/// <summary>The portability row: the same app files answering the same requests on two CPUs.</summary>
/// <param name="Digests">Each component file and its SHA-256: the very files both served.</param>
/// <param name="Here">This machine's CPU (the ELF header of the running capsule).</param>
/// <param name="There">The other build's CPU.</param>
/// <param name="Emulated">The other build ran under qemu-user.</param>
/// <param name="HereAnswers">Status, content type and body of each request, here.</param>
/// <param name="ThereAnswers">The same, from the other build.</param>
/// <param name="Same">Every answer matched.</param>
public sealed record PortabilityResult(
    IReadOnlyList<string> Digests,
    string Here,
    string There,
    bool Emulated,
    IReadOnlyList<string> HereAnswers,
    IReadOnlyList<string> ThereAnswers,
    bool Same);
