using System.Text.RegularExpressions;

namespace Capsule.Cli.Tests;

/// <summary>A real <c>capsule up</c> process serving an app on a free loopback port, and a client for it.</summary>
public sealed partial record ServedCapsule(RunningCapsule Server, HttpClient Client) : IDisposable
{
    /// <summary>Starts <c>capsule up APP</c> with <paramref name="flags"/> and waits until it says it serves <paramref name="name"/>.</summary>
    public static async Task<ServedCapsule> Start(string cacheDir, string app, string name, params string[] flags)
    {
        return await Attach(CapsuleProcess.Start(cacheDir, ["up", app, "--listen", "127.0.0.1:0", .. flags]), name);
    }

    /// <summary>Waits until <paramref name="server"/> (a capsule up started with --listen 127.0.0.1:0) says it serves <paramref name="name"/>.</summary>
    public static async Task<ServedCapsule> Attach(RunningCapsule server, string name)
    {
        try
        {
            var serving = await server.WaitForLine(l => l.StartsWith($"Serving {name} on ", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
            return new ServedCapsule(server, new HttpClient { BaseAddress = new Uri(AddressInLine().Match(serving).Value) });
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The address it listens on.</summary>
    public Uri Address => Client.BaseAddress!;

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }

    [GeneratedRegex(@"http://\S+")]
    private static partial Regex AddressInLine();
}
