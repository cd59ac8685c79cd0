using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi;

namespace Capsule.Hosting.Redis;

/// <summary>
/// Calls a component's <c>fermyon:spin/inbound-redis</c> <c>handle-message: func(message: payload) -&gt;
/// result&lt;_, error&gt;</c> (the interface Spin's host and SDKs export; <c>error</c> is the enum
/// <c>{ success, error }</c>) in a fresh instance made from the component's grants, as an HTTP
/// request's instance is.
/// </summary>
internal static class RedisMessageHandler
{
    /// <summary>The exported interface; Spin's is unversioned, a versioned name (<c>…@2.0.0</c>) is taken too.</summary>
    public const string Interface = "fermyon:spin/inbound-redis";

    private const string Function = "handle-message";

    /// <summary>Refuses, before serving, a component that does not export <see cref="Interface"/>.</summary>
    public static void CheckExport(CapsuleEngine engine, LoadedGuest guest) => ExportName(engine, guest);

    /// <summary>One message: the outcome, and the handler's error if it returned one.</summary>
    public static (RunOutcome Outcome, string? Error) Run(
        WasiHost host, ServedComponent component, byte[] message, GuestOutput output, CancellationToken cancel)
    {
        var export = ExportName(host.Engine, component.Guest);
        using var lease = component.Guest.LeaseComponent() ?? throw new WasmLoadException(component.Guest.Path, "not a component");
        using var deadline = new RunDeadline(component.Grants.Limits.Timeout, cancel);
        using var store = host.CreateStore(component.Grants, output, deadline);
        try
        {
            var instance = host.Linker.Instantiate(store, lease.Component);
            var error = instance.Call(export, Function, 1, args => args[0].SetBytes(message), 1, results =>
                results[0].IsOk(out var payload, out var hasPayload) ? null : hasPayload ? payload.EnumCase : "error");
            return (new RunOutcome.Exited(error is null ? 0 : 1), error);
        }
        catch (ComponentCallException e)
        {
            return (TrapClassifier.FromStop(deadline) ?? TrapClassifier.FromComponentCall(e, component.Grants.Limits), null);
        }
    }

    // The exact name the component uses: the interface itself or a version of it.
    private static string ExportName(CapsuleEngine engine, LoadedGuest guest)
    {
        var name = ComponentExports.Find(engine, guest, Interface);
        return name.Length == Interface.Length || name[Interface.Length] == '@'
            ? name
            : throw new WasmLoadException(guest.Path, $"component does not export {Interface} (it exports {name})");
    }
}
