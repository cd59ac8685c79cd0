using System.Buffers.Binary;

namespace Capsule.Cli.Bench;

/// <summary>What an ELF header says about a file: the CPU it runs on and whether it needs a dynamic loader.</summary>
/// <param name="Architecture">e.g. x86_64, aarch64; null when the file is not a 64-bit little-endian ELF.</param>
/// <param name="IsStatic">No PT_INTERP program header: runs without ld.so and shared libraries.</param>
public sealed record ElfFile(string? Architecture, bool IsStatic)
{
    private const uint LoadInterpreter = 3; // PT_INTERP

    /// <summary>Reads the header of <paramref name="path"/> (a few hundred bytes at most).</summary>
    public static ElfFile Read(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[64];
        if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
            || !header[..4].SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1)
        {
            return new ElfFile(null, false);
        }
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(header[18..]);
        var programHeaders = BinaryPrimitives.ReadInt64LittleEndian(header[32..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[54..]);
        var count = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(header[56..]), (ushort)256);
        var isStatic = true;
        Span<byte> entry = stackalloc byte[4];
        for (var i = 0; i < count && programHeaders > 0; i++)
        {
            file.Position = programHeaders + (long)i * entrySize;
            if (file.ReadAtLeast(entry, 4, throwOnEndOfStream: false) < 4)
            {
                break;
            }
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry) == LoadInterpreter)
            {
                isStatic = false;
            }
        }
        return new ElfFile(MachineName(machine), isStatic);
    }

    private static string MachineName(ushort machine) => machine switch
    {
        62 => "x86_64",
        183 => "aarch64",
        243 => "riscv64",
        22 => "s390x",
        3 => "x86",
        40 => "arm",
        _ => $"ELF machine {machine}",
    };
}
