using Capsule.Plugins.Failures;
using Capsule.Wit;
using Capsule.Wit.Model;

namespace Capsule.Plugins.Components;

/// <summary>
/// The exports an app expects of its plugins: the functions of a WIT world's exported interfaces and its
/// exported freestanding functions, with their WIT types (which drive the dynamic calls' value conversion).
/// Read from WIT text with <see cref="FromWit"/>.
/// </summary>
public sealed class PluginWorld
{
    private readonly Dictionary<string, PluginFunction> _byKey = new(StringComparer.Ordinal);

    private PluginWorld(World world, IReadOnlyList<PluginFunction> functions)
    {
        World = world;
        Functions = functions;
        foreach (var f in functions)
        {
            _byKey[f.Key] = f;
            // The bare name too, when no other export has it.
            if (!functions.Any(o => o != f && o.Name == f.Name))
            {
                _byKey[f.Name] = f;
            }
        }
    }

    /// <summary>The WIT world.</summary>
    public World World { get; }

    /// <summary>Every function the world exports.</summary>
    public IReadOnlyList<PluginFunction> Functions { get; }

    /// <summary>
    /// The world <paramref name="worldName"/> (or the only world) of the WIT package in <paramref name="wit"/>.
    /// Throws <see cref="PluginLoadException"/> on a WIT error or a world whose exports dynamic calls cannot carry (resources).
    /// </summary>
    public static PluginWorld FromWit(string wit, string? worldName = null)
    {
        PackageSet set;
        try
        {
            set = WitReader.Read("world.wit", wit);
        }
        catch (WitException e)
        {
            throw new PluginLoadException("world", $"the expected world's WIT is invalid: {e.Message}", e);
        }
        var worlds = set.Packages.SelectMany(p => p.Worlds).ToList();
        var world = worldName is null
            ? worlds.Count == 1 ? worlds[0] : throw new PluginLoadException("world", $"the WIT has {worlds.Count} worlds; name the one plugins export ({string.Join(", ", worlds.Select(w => w.Name))})")
            : worlds.FirstOrDefault(w => w.Name == worldName) ?? throw new PluginLoadException("world", $"the WIT has no world '{worldName}'");
        var functions = new List<PluginFunction>();
        foreach (var export in world.Exports)
        {
            switch (export)
            {
                case WorldInterface wi:
                    functions.AddRange(wi.Interface.Functions.Select(f => new PluginFunction(wi.Interface.QualifiedName, f)));
                    break;
                case WorldFunction wf:
                    functions.Add(new PluginFunction(null, wf.Function));
                    break;
            }
        }
        foreach (var f in functions)
        {
            var unsupported = f.Wit.Kind != FunctionKind.Freestanding ? "a resource"
                : f.Wit.IsAsync ? "async"
                : f.Wit.Params.Select(p => ValueCodec.Unsupported(p.Type)).Append(f.Wit.Result is null ? null : ValueCodec.Unsupported(f.Wit.Result)).FirstOrDefault(u => u is not null);
            if (unsupported is not null)
            {
                throw new PluginLoadException("world", $"{f.Key} uses {unsupported}, which dynamic calls do not carry (the typed plugin API will)");
            }
        }
        return new PluginWorld(world, functions);
    }

    /// <summary>The function called <paramref name="name"/> (<c>shout</c>, or <c>iface#shout</c> when two interfaces have one).</summary>
    public PluginFunction Find(string name) =>
        _byKey.TryGetValue(name, out var f) ? f
        : throw new ArgumentException($"the world {World.Name} exports no function '{name}' (it exports {string.Join(", ", Functions.Select(x => x.Key))})", nameof(name));
}

/// <summary>One function of a <see cref="PluginWorld"/>: its exported interface (null at the world's root) and WIT signature.</summary>
public sealed record PluginFunction(string? Interface, Function Wit)
{
    /// <summary>The function's name as written in WIT.</summary>
    public string Name => Wit.Name;

    /// <summary><c>interface#name</c>, or the name of a root function.</summary>
    public string Key => Interface is null ? Name : $"{Interface}#{Name}";
}
