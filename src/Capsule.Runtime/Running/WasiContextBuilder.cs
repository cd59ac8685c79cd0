using Capsule.Runtime.Grants;
using Wasmtime;

namespace Capsule.Runtime.Running;

/// <summary>
/// Translates grants into Wasmtime's WASI configuration (used for preview 1
/// modules and for command components alike). Only what the grants list is
/// added: the builder starts from nothing, never from the host's environment.
/// </summary>
internal static class WasiContextBuilder
{
    public static WasiConfiguration Build(GuestGrants grants, GuestOutput output)
    {
        var config = new WasiConfiguration()
            .WithArgs([grants.ProgramName, .. grants.Arguments]);
        foreach (var (name, value) in grants.Environment)
        {
            config.WithEnvironmentVariable(name, value);
        }
        foreach (var mount in grants.Mounts)
        {
            config.WithPreopenedDirectory(mount.HostPath, mount.GuestPath, mutable: !mount.ReadOnly);
        }
        switch (grants.Stdin)
        {
            case StdinSource.InheritedStdin:
                config.WithInheritedStandardInput();
                break;
            case StdinSource.FileStdin file:
                config.WithStandardInput(file.Path);
                break;
        }
        switch (output)
        {
            case GuestOutput.CallbackOutput callbacks:
                config.WithStandardOutputCallback(data => callbacks.Stdout(data));
                config.WithStandardErrorCallback(data => callbacks.Stderr(data));
                break;
            case GuestOutput.DiscardedOutput:
                // Wasmtime's default for unconfigured stdio is a sink.
                break;
            default:
                config.WithInheritedStandardOutput();
                config.WithInheritedStandardError();
                break;
        }
        return config;
    }
}
