using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Features;
using Capsule.Runtime.Native;
using Wasmtime.Components;

namespace Capsule.Runtime.Tests.Components.Running;

/// <summary>
/// tests/guests/wat-components/layer-greet.wat and the same host behind it on both layers: a lowered
/// interface for the core layer, a ValRef interface for the component C API.
/// </summary>
internal static class GreeterGuest
{
    public const string Interface = "capsule:test/greeter@0.1.0";

    private const uint TagType = 9;

    /// <summary>What the host saw, per instance.</summary>
    public sealed class Tags
    {
        public Dictionary<uint, uint> Live { get; } = [];

        public List<uint> Dropped { get; } = [];

        public uint Next { get; set; } = 100;

        public uint Make(uint n)
        {
            var rep = Next++;
            Live[rep] = n;
            return rep;
        }

        public void Drop(uint rep)
        {
            Live.Remove(rep);
            Dropped.Add(rep);
        }
    }

    public static string WatPath => Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", "layer-greet.wat");

    /// <summary>The component's binary (Wasmtime's own WAT parser).</summary>
    public static byte[] Binary() => Wat.ToBinary(File.ReadAllText(WatPath));

    public static string Decorate(string text) => $"<{text}>";

    /// <summary>The core layer's host: the interface as lowered functions, state in <see cref="Capsule.Runtime.Components.Abi.InstanceState.Host"/>.</summary>
    public static LoweredInterface Lowered(LoweredHostFunction? decorate = null)
    {
        var iface = new LoweredInterface(Interface);
        iface.Functions["decorate"] = new("decorate", new([CoreValType.I32, CoreValType.I32, CoreValType.I32], []), decorate ?? DecorateLowered);
        iface.Functions["make-tag"] = new("make-tag", new([CoreValType.I32], [CoreValType.I32]), (ref CanonCall call, Span<ValRaw> args) =>
        {
            var rep = ((Tags)call.State.Host!).Make(args[0].U32);
            args[0] = ValRaw.FromI32((int)call.Handles.AddOwn(TagType, rep));
        });
        iface.Functions["[method]tag.number"] = new("[method]tag.number", new([CoreValType.I32], [CoreValType.I32]), (ref CanonCall call, Span<ValRaw> args) =>
        {
            var rep = call.Handles.Lend(args[0].U32, TagType);
            args[0] = ValRaw.FromI32((int)((Tags)call.State.Host!).Live[rep]);
        });
        iface.Resources["tag"] = new("tag", TagType, (state, rep) => ((Tags)state.Host!).Drop(rep));
        return iface;
    }

    private static void DecorateLowered(ref CanonCall call, Span<ValRaw> args)
    {
        var text = CanonLift.String(call.Memory, args[0].U32, args[1].U32);
        var (ptr, length) = CanonLower.String(ref call, Decorate(text));
        var ret = args[2].U32;
        call.Memory.Check(ret, 8, 4);
        call.Memory.SetU32(ret, ptr);
        call.Memory.SetU32(checked(ret + 4), length);
    }

    /// <summary>greet(name) on the core layer: lowers the name, calls, lifts (text, number), runs post-return.</summary>
    public static (string Text, uint Number) Greet(CoreComponentInstance instance, string name)
    {
        var call = instance.Call("greet", new([CoreValType.I32, CoreValType.I32], [CoreValType.I32]));
        var (ptr, length) = CanonLower.String(ref call, name);
        Span<ValRaw> slots = [ValRaw.FromI32((int)ptr), ValRaw.FromI32((int)length)];
        call.Invoke(slots);
        var ret = slots[0].U32;
        call.Memory.Check(ret, 12, 4);
        var text = CanonLift.String(call.Memory, call.Memory.U32(ret), call.Memory.U32(checked(ret + 4)));
        var number = call.Memory.U32(checked(ret + 8));
        call.Finish(slots[..1]);
        return (text, number);
    }

    /// <summary>posts() on the core layer: how many post-returns the guest saw.</summary>
    public static uint Posts(CoreComponentInstance instance)
    {
        var call = instance.Call("posts", new([], [CoreValType.I32]));
        Span<ValRaw> slots = [default];
        call.Invoke(slots);
        call.Finish(slots);
        return slots[0].U32;
    }

    /// <summary>The component C API's host: the same behaviour on ValRef, state in the store's typed slot.</summary>
    public static HostInterface Component()
    {
        var iface = new HostInterface(Interface);
        iface.Resources["tag"] = (TagType, (store, rep) => store.State.Get<Tags>().Drop(rep));
        iface.Functions["decorate"] = (_, args, results) => results[0].SetString(Decorate(args[0].String));
        iface.Functions["make-tag"] = (store, args, results) => results[0].SetResource(TagType, store.State.Get<Tags>().Make(args[0].U32));
        iface.Functions["[method]tag.number"] = (store, args, results) => results[0].SetU32(store.State.Get<Tags>().Live[args[0].Resource.Rep]);
        return iface;
    }

    public static (string Text, uint Number) Greet(ComponentInstanceRef instance, string name) =>
        instance.Call(null, "greet", 1, args => args[0].SetString(name), 1, results => (results[0].Item(0).String, results[0].Item(1).U32));

    public static uint Posts(ComponentInstanceRef instance) => instance.Call(null, "posts", 0, null, 1, results => results[0].U32);

    public static Component Load(Capsule.Runtime.Engine.CapsuleEngine engine) => Wasmtime.Components.Component.FromBytes(engine.WasmEngine, Binary());
}
