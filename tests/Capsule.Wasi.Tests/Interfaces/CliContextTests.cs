using Capsule.Runtime.Grants;
using Capsule.Wasi.Io;

namespace Capsule.Wasi.Tests.Interfaces;

/// <summary>wasi:cli state: arguments, environment, preopens and stdio come from the grants only.</summary>
public sealed class CliContextTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public void Nothing_granted_means_no_environment_and_no_preopens()
    {
        using var context = new Cli.CliState(GuestGrants.None, new EmptyInputStream(), new CallbackOutputStream(_ => { }), new CallbackOutputStream(_ => { }));
        using var files = new Filesystem.FilesystemState(GuestGrants.None);
        Assert.Equal(["main.wasm"], context.Arguments);
        Assert.Empty(context.Environment);
        Assert.Empty(files.Preopens);
    }

    [Fact]
    public void Grants_become_arguments_environment_and_preopens()
    {
        var grants = new GuestGrants
        {
            ProgramName = "tool",
            Arguments = ["-v", "x"],
            Environment = [new("K", "V")],
            Mounts = [new DirectoryMount(_temp.Path, "/data", ReadOnly: true)],
        };
        var written = new List<string>();
        using var context = new Cli.CliState(grants, new EmptyInputStream(), new CallbackOutputStream(d => written.Add(System.Text.Encoding.UTF8.GetString(d))), new CallbackOutputStream(_ => { }));
        using var files = new Filesystem.FilesystemState(grants);
        using var deadline = new Runtime.Running.RunDeadline(grants.Limits.Timeout);
        Assert.Equal(["tool", "-v", "x"], context.Arguments);
        var (descriptor, guestPath) = Assert.Single(files.Preopens);
        Assert.Equal("/data", guestPath);
        Assert.Equal(Filesystem.DescriptorFlags.Read, descriptor.GetFlags());
        context.Stdout.BlockingWriteAndFlush("out"u8, deadline);
        Assert.Equal(["out"], written);
    }

    [Fact]
    public void Exit_carries_its_status()
    {
        Assert.Equal(1, new Cli.WasiExitException(1).Status);
    }

    public void Dispose() => _temp.Dispose();
}
