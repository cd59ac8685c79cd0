using System.Reflection;
using Capsule.Runtime.Components.Abi;
using Capsule.Wit;

namespace Capsule.Wit.Glue.Tests.Abi;

/// <summary>
/// Every WASI 0.2 interface Capsule.Wasi generates (wasi:http/proxy and wasi:cli/command: io, clocks, random, cli,
/// filesystem, sockets, http) has a canonical ABI lowering for each of its functions and resources: nothing is left
/// for the component layer to fall back on.
/// </summary>
public sealed class WasiLoweringsTests
{
    [Fact]
    public void Every_function_of_every_generated_wasi_interface_is_lowered()
    {
        var wit = WitReader.ReadFolders(Directory.GetDirectories(RepoWit()).Where(d => Path.GetFileName(d).StartsWith("wasi-", StringComparison.Ordinal)));
        var lowerings = typeof(Capsule.Wasi.Generated.Wasi.Io.Streams.StreamsLowerings).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Lowerings", StringComparison.Ordinal) && t.GetField("Name") is not null).ToList();
        Assert.True(lowerings.Count >= 25, $"only {lowerings.Count} lowered interfaces");
        var families = new HashSet<string>();
        foreach (var type in lowerings)
        {
            var name = (string)type.GetField("Name")!.GetValue(null)!;
            var create = type.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!;
            // The host lookup is only captured, never called, while the interface is built.
            var lowered = (LoweredInterface)create.Invoke(null, create.GetParameters().Length == 0 ? [] : [null])!;
            var witInterface = wit.FindInterface(name) ?? throw new InvalidOperationException($"{name} is not in wit/");
            Assert.Equal(witInterface.Functions.Select(f => f.ExternName).Order(), lowered.Functions.Keys.Order());
            Assert.Equal(witInterface.Resources.Select(r => r.Name).Order(), lowered.Resources.Keys.Order());
            families.Add(name.Split('/')[0]);
        }
        Assert.Superset(new HashSet<string> { "wasi:io", "wasi:clocks", "wasi:random", "wasi:cli", "wasi:filesystem", "wasi:sockets", "wasi:http" }, families);
    }

    private static string RepoWit()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Capsule.sln")))
            {
                return Path.Combine(dir.FullName, "wit");
            }
        }
        throw new InvalidOperationException("Capsule.sln not found above " + AppContext.BaseDirectory);
    }
}
