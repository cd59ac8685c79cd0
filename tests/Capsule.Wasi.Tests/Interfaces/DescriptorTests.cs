using System.Text;
using Capsule.Runtime.Grants;
using Capsule.Wasi.Filesystem;

namespace Capsule.Wasi.Tests.Interfaces;

/// <summary>wasi:filesystem descriptors called directly: every path stays beneath its mount.</summary>
public sealed class DescriptorTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly string _root;

    public DescriptorTests()
    {
        _root = _temp.Combine("root");
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        File.WriteAllText(Path.Combine(_root, "sub", "a.txt"), "alpha");
        File.WriteAllText(_temp.Combine("secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(_root, "out"), _temp.Combine("secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_root, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(_root, "loop2"), "loop1");
    }

    private Descriptor Mount(bool readOnly) => Descriptor.OpenPreopen(new DirectoryMount(_root, "/", readOnly));

    private static string Code(Action action) => Assert.Throws<FilesystemError>(action).Code;

    [Theory]
    [InlineData("../secret.txt", "not-permitted")]
    [InlineData("sub/../../secret.txt", "not-permitted")]
    [InlineData("/etc/passwd", "not-permitted")]
    [InlineData("out", "not-permitted")]
    [InlineData("loop1", "loop")]
    [InlineData("missing.txt", "no-entry")]
    public void Paths_that_leave_the_mount_or_go_nowhere_are_refused(string path, string code)
    {
        using var root = Mount(readOnly: false);
        Assert.Equal(code, Code(() => root.OpenAt(followSymlinks: true, path, OpenFlags.None, DescriptorFlags.Read)));
    }

    [Fact]
    public void Reads_a_file_and_its_status()
    {
        using var root = Mount(readOnly: true);
        using var file = root.OpenAt(true, "sub/a.txt", OpenFlags.None, DescriptorFlags.Read);
        var (bytes, end) = file.Read(100, 0);
        Assert.Equal("alpha", Encoding.ASCII.GetString(bytes));
        Assert.True(end);
        var stat = file.Stat();
        Assert.Equal("regular-file", stat.Type);
        Assert.Equal(5UL, stat.Size);
        Assert.Equal("directory", root.StatAt(false, "sub").Type);
        Assert.Equal("symbolic-link", root.StatAt(false, "out").Type);
    }

    [Fact]
    public void Read_only_mount_refuses_every_change()
    {
        using var root = Mount(readOnly: true);
        Assert.Equal("not-permitted", Code(() => root.OpenAt(true, "new.txt", OpenFlags.Create, DescriptorFlags.Write)));
        Assert.Equal("not-permitted", Code(() => root.OpenAt(true, "sub/a.txt", OpenFlags.Truncate, DescriptorFlags.Read)));
        Assert.Equal("not-permitted", Code(() => root.CreateDirectoryAt("d")));
        Assert.Equal("not-permitted", Code(() => root.UnlinkFileAt("sub/a.txt")));
        Assert.Equal("not-permitted", Code(() => root.RenameAt("sub/a.txt", root, "b.txt")));
        Assert.True(File.Exists(Path.Combine(_root, "sub", "a.txt")));
    }

    [Fact]
    public void Read_write_mount_creates_writes_renames_lists_and_removes()
    {
        using var root = Mount(readOnly: false);
        root.CreateDirectoryAt("made");
        using (var file = root.OpenAt(true, "made/new.txt", OpenFlags.Create, DescriptorFlags.Read | DescriptorFlags.Write))
        {
            Assert.Equal(5UL, file.Write("hello"u8, 0));
        }
        root.RenameAt("made/new.txt", root, "made/renamed.txt");
        using var made = root.OpenAt(true, "made", OpenFlags.Directory, DescriptorFlags.Read);
        var listing = made.ReadDirectory();
        Assert.Equal(new DirectoryEntry("regular-file", "renamed.txt"), listing.ReadNext());
        Assert.Null(listing.ReadNext());
        Assert.Equal("hello", File.ReadAllText(Path.Combine(_root, "made", "renamed.txt")));
        root.UnlinkFileAt("made/renamed.txt");
        root.RemoveDirectoryAt("made");
        Assert.False(Directory.Exists(Path.Combine(_root, "made")));
    }

    [Fact]
    public void Changes_cannot_target_outside_either()
    {
        using var root = Mount(readOnly: false);
        Assert.Equal("not-permitted", Code(() => root.CreateDirectoryAt("../escaped")));
        Assert.Equal("not-permitted", Code(() => root.SymlinkAt("/etc/passwd", "abs-link")));
        Assert.False(Directory.Exists(_temp.Combine("escaped")));
    }

    public void Dispose() => _temp.Dispose();
}
