namespace Capsule.Wasi.Filesystem;

/// <summary>wasi:filesystem descriptor-flags.</summary>
[Flags]
public enum DescriptorFlags
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>read</summary>
    Read = 1,
    /// <summary>write</summary>
    Write = 2,
    /// <summary>file-integrity-sync</summary>
    FileIntegritySync = 4,
    /// <summary>data-integrity-sync</summary>
    DataIntegritySync = 8,
    /// <summary>requested-write-sync</summary>
    RequestedWriteSync = 16,
    /// <summary>mutate-directory</summary>
    MutateDirectory = 32,
}

/// <summary>wasi:filesystem open-flags.</summary>
[Flags]
public enum OpenFlags
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>create</summary>
    Create = 1,
    /// <summary>directory</summary>
    Directory = 2,
    /// <summary>exclusive</summary>
    Exclusive = 4,
    /// <summary>truncate</summary>
    Truncate = 8,
}

/// <summary>A descriptor-stat, in .NET terms.</summary>
/// <param name="Type">The descriptor-type case name.</param>
/// <param name="LinkCount">Hard links.</param>
/// <param name="Size">Bytes.</param>
/// <param name="AccessTime">Last access.</param>
/// <param name="ModifyTime">Last modification.</param>
/// <param name="ChangeTime">Last status change.</param>
public sealed record DescriptorStat(string Type, ulong LinkCount, ulong Size, Clocks.Datetime AccessTime, Clocks.Datetime ModifyTime, Clocks.Datetime ChangeTime);

/// <summary>A directory-entry.</summary>
/// <param name="Type">The descriptor-type case name.</param>
/// <param name="Name">The entry's name.</param>
public sealed record DirectoryEntry(string Type, string Name);
