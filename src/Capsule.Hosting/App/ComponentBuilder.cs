using System.Diagnostics;
using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.App;

/// <summary>
/// Runs the components' build commands (<c>capsule up --build</c>, like
/// <c>spin up --build</c>): each with <c>sh -c</c> in its working folder, its
/// output passed through; a failing build stops start-up naming the component.
/// </summary>
public static class ComponentBuilder
{
    /// <summary>Builds every component of <paramref name="manifest"/> that has a build command.</summary>
    public static void BuildAll(AppManifest manifest, Action<string> progress)
    {
        foreach (var (id, component) in manifest.Components)
        {
            if (component.Build is not { } build)
            {
                continue;
            }
            progress($"Building component '{id}': {build.Command}");
            var start = new ProcessStartInfo("sh") { WorkingDirectory = build.WorkingDirectory, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(build.Command);
            using var process = Process.Start(start)!;
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new ManifestException(manifest.DisplayName, build.Line, $"component.{id}.build.command", $"`{build.Command}` exited with {process.ExitCode}");
            }
        }
    }
}
