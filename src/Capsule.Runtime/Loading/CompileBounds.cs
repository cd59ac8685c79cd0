using Capsule.Runtime.Inspection;

namespace Capsule.Runtime.Loading;

/// <summary>
/// What Capsule agrees to compile, checked from the binary before any code is generated. A
/// hostile file can cost far more than its size: 4 MB declaring a million empty functions took
/// 75 s and 5.6 GB to compile, and a component of 100,000 imports spent minutes in type
/// reflection before any compile. Real guests stay far below both bounds (a componentize-js
/// component: 12,806 functions, 30 imports).
/// </summary>
public static class CompileBounds
{
    /// <summary>The most functions (defined and imported, over every core module of a component) Capsule compiles.</summary>
    public const long MaxFunctions = 200_000;

    /// <summary>The most imports, and exports, a component may declare at its top level.</summary>
    public const int MaxComponentItems = 10_000;

    /// <summary>Throws a <see cref="WasmLoadException"/> naming the bound a binary passes.</summary>
    public static void Check(string path, ReadOnlySpan<byte> binary, WasmKind kind)
    {
        long functions;
        if (kind == WasmKind.CoreModule)
        {
            functions = CoreModuleItems.Read(binary)?.FunctionCount ?? 0;
        }
        else
        {
            var outline = ComponentOutline.Read(binary);
            functions = outline?.CoreFunctions ?? 0;
            CheckCount(path, outline?.Imports.Count ?? 0, "imports");
            CheckCount(path, outline?.Exports.Count ?? 0, "exports");
        }
        if (functions > MaxFunctions)
        {
            throw new WasmLoadException(path, $"declares {functions:N0} functions, more than Capsule compiles ({MaxFunctions:N0}); refused before compiling");
        }
    }

    private static void CheckCount(string path, int count, string what)
    {
        if (count > MaxComponentItems)
        {
            throw new WasmLoadException(path, $"declares {count:N0} {what}, more than Capsule links ({MaxComponentItems:N0}); refused before compiling");
        }
    }
}
