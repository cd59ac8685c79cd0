using System.Text;

namespace Capsule.Cli.Tests;

/// <summary>Hand-encoded WebAssembly binaries of a shape no toolchain makes on purpose: compile bombs.</summary>
public static class WasmBinaries
{
    /// <summary>A core module of <paramref name="functions"/> empty functions, exporting the first as _start if asked.</summary>
    public static byte[] ModuleWithFunctions(int functions, bool exportStart)
    {
        var module = new List<byte>("\0asm"u8.ToArray()) { 1, 0, 0, 0 };
        Section(module, 1, [.. Leb(1), 0x60, 0, 0]); // one type: () -> ()
        Section(module, 3, [.. Leb((uint)functions), .. new byte[functions]]); // every function of type 0
        if (exportStart)
        {
            Section(module, 7, [.. Leb(1), .. Name("_start"), 0x00, .. Leb(0)]);
        }
        var code = new List<byte>(Leb((uint)functions));
        for (var i = 0; i < functions; i++)
        {
            code.AddRange([2, 0, 0x0b]); // body size 2: no locals, end
        }
        Section(module, 10, [.. code]);
        return [.. module];
    }

    /// <summary>A component importing <paramref name="imports"/> functions of type <c>func()</c>.</summary>
    public static byte[] ComponentWithImports(int imports)
    {
        var component = new List<byte>("\0asm"u8.ToArray()) { 0x0d, 0, 1, 0 };
        Section(component, 7, [.. Leb(1), 0x40, .. Leb(0), 0x01, 0x00]); // type 0: func()
        var section = new List<byte>(Leb((uint)imports));
        for (var i = 0; i < imports; i++)
        {
            section.Add(0x00);
            section.AddRange(Name($"f{i}"));
            section.AddRange([0x01, .. Leb(0)]); // func of type 0
        }
        Section(component, 10, [.. section]);
        return [.. component];
    }

    private static void Section(List<byte> binary, byte id, byte[] body)
    {
        binary.Add(id);
        binary.AddRange(Leb((uint)body.Length));
        binary.AddRange(body);
    }

    private static byte[] Name(string name) => [.. Leb((uint)Encoding.UTF8.GetByteCount(name)), .. Encoding.UTF8.GetBytes(name)];

    private static byte[] Leb(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }
}
