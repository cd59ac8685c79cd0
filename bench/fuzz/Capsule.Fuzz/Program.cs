using SharpFuzz;

namespace Capsule.Fuzz;

/// <summary>
/// Fuzz targets for readers of untrusted input (<see cref="Targets.All"/>). <c>Capsule.Fuzz TARGET</c> runs under
/// afl-fuzz (SharpFuzz, out of process); <c>Capsule.Fuzz TARGET --replay DIR</c> runs every file of DIR once and
/// exits 1 if any fails with anything but the reader's own error.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: Capsule.Fuzz {string.Join('|', Targets.All.Keys)} [--replay DIR]");
            return 2;
        }
        if (args.Length == 3 && args[1] == "--replay")
        {
            return Replay(target, args[2]);
        }
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            target(copy.ToArray());
        });
        return 0;
    }

    private static int Replay(Action<byte[]> target, string directory)
    {
        var failures = 0;
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            try
            {
                target(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures++;
                Console.Error.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
            }
        }
        Console.WriteLine($"replayed {files.Count} inputs, {failures} failures");
        return failures == 0 ? 0 : 1;
    }
}
