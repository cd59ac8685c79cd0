using System.Diagnostics;
using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.App;

/// <summary>
/// Runs the components' build commands (<c>capsule up --build</c>, like
/// <c>spin up --build</c>): each with <c>sh -c</c> in its working folder, in the
/// order written, its output passed through; a failing command stops start-up
/// naming the component and the command.
/// </summary>
public static class ComponentBuilder
{
    /// <summary>Builds every component of <paramref name="manifest"/> that has a build command.</summary>
    public static void BuildAll(AppManifest manifest, Action<string> progress)
    {
        foreach (var id in manifest.Components.Keys)
        {
            Build(manifest, id, progress);
        }
    }

    /// <summary>
    /// Runs component <paramref name="id"/>'s build commands, if it has any; the first that fails
    /// throws a <see cref="ManifestException"/> naming it and its exit code.
    /// </summary>
    public static void Build(AppManifest manifest, string id, Action<string> progress)
    {
        if (manifest.Components[id].Build is not { } build)
        {
            return;
        }
        for (var i = 0; i < build.Commands.Count; i++)
        {
            var command = build.Commands[i];
            progress($"Building component '{id}': {command}");
            var exitCode = Run(command, build.WorkingDirectory);
            if (exitCode != 0)
            {
                var key = build.Commands.Count == 1 ? $"component.{id}.build.command" : $"component.{id}.build.command[{i}]";
                throw new ManifestException(manifest.DisplayName, build.Line, key, $"`{command}` exited with {exitCode}");
            }
        }
    }

    private static int Run(string command, string workingDirectory)
    {
        var start = new ProcessStartInfo("sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
