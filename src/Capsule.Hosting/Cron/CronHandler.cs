using Capsule.Runtime.Loading;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi;

namespace Capsule.Hosting.Cron;

/// <summary>
/// Calls a component's <c>handle-cron-event</c> export (<c>fermyon:spin-cron@2.0.0</c>, world
/// <c>spin-cron</c>: <c>func(metadata: metadata) -> result&lt;_, error&gt;</c>) in a fresh instance
/// made from the component's grants, as an HTTP request's instance is.
/// </summary>
internal static class CronHandler
{
    /// <summary>The root export Spin's cron world names.</summary>
    public const string Export = "handle-cron-event";

    /// <summary>Refuses, before serving, a component that does not export <see cref="Export"/>.</summary>
    public static void CheckExport(LoadedGuest guest)
    {
        var names = ComponentExportNames.Read(File.ReadAllBytes(guest.Path));
        if (names is not null && !names.Contains(Export))
        {
            throw new WasmLoadException(guest.Path,
                $"exports no {Export} (a [[trigger.cron]] component implements the fermyon:spin-cron@2.0.0 world spin-cron; it exports {(names.Count == 0 ? "nothing" : string.Join(", ", names))})");
        }
    }

    /// <summary>One run at <paramref name="timestamp"/> (seconds since the Unix epoch): the outcome, and the handler's error if it returned one.</summary>
    public static (RunOutcome Outcome, string? Error) Run(
        WasiHost host, ServedComponent component, ulong timestamp, GuestOutput output, CancellationToken cancel)
    {
        using var lease = component.Guest.LeaseComponent() ?? throw new WasmLoadException(component.Guest.Path, "not a component");
        using var deadline = new RunDeadline(component.Grants.Limits.Timeout, cancel);
        using var store = host.CreateStore(component.Grants, output, deadline);
        try
        {
            var instance = host.Linker.Instantiate(store, lease.Component);
            var error = instance.Call(null, Export, 1, args =>
            {
                args[0].SetRecord("timestamp");
                args[0].Field(0).SetU64(timestamp);
            }, 1, results => results[0].IsOk(out var payload, out var hasPayload)
                ? null
                : hasPayload ? $"{payload.VariantCase}: {payload.VariantPayload.String}" : "error");
            return (new RunOutcome.Exited(error is null ? 0 : 1), error);
        }
        catch (ComponentCallException e)
        {
            return (TrapClassifier.FromStop(deadline) ?? TrapClassifier.FromComponentCall(e, component.Grants.Limits), null);
        }
    }
}
