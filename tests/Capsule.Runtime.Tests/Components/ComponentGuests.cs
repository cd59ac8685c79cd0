namespace Capsule.Runtime.Tests.Components;

/// <summary>The built test guests that are components (WAT components, wasi-libc commands via jco, componentize-js).</summary>
public static class ComponentGuests
{
    /// <summary>Every component in tests/guests/out, told apart from core modules by the layer field of the preamble.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.EnumerateFiles(Guests.OutDir, "*.wasm").Order(StringComparer.Ordinal)
            .Where(IsComponent).Select(path => Path.GetFileName(path)).ToList();

    /// <summary>The same, as theory data.</summary>
    public static TheoryData<string> All() => new(Names());

    private static bool IsComponent(string path)
    {
        var preamble = new byte[8];
        using var file = File.OpenRead(path);
        return file.Read(preamble) == 8 && preamble[6] == 1;
    }
}
