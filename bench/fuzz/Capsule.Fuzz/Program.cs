using Capsule.Runtime.Components.Binary;
using SharpFuzz;

namespace Capsule.Fuzz;

/// <summary>
/// Fuzz targets for readers of untrusted input. <c>Capsule.Fuzz component-reader</c> runs under
/// afl-fuzz (SharpFuzz, out of process); <c>Capsule.Fuzz component-reader --replay DIR</c> runs every
/// file of DIR once and exits 1 if any fails with anything but the reader's own error.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "component-reader")
        {
            Console.Error.WriteLine("usage: Capsule.Fuzz component-reader [--replay DIR]");
            return 2;
        }
        if (args.Length == 3 && args[1] == "--replay")
        {
            return Replay(args[2]);
        }
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            ReadComponent(copy.ToArray());
        });
        return 0;
    }

    /// <summary>The target: any input either reads or throws <see cref="ComponentBinaryException"/>; anything else is a finding.</summary>
    public static void ReadComponent(byte[] input)
    {
        try
        {
            ComponentSurface.Describe(ComponentReader.Read(input));
        }
        catch (ComponentBinaryException)
        {
        }
    }

    private static int Replay(string directory)
    {
        var failures = 0;
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            try
            {
                ReadComponent(File.ReadAllBytes(file));
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
