using Capsule.Hosting.Manifest;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Running;

namespace Capsule.Hosting.App;

/// <summary>
/// Loading the core modules WAGI triggers run: compiled through the artifact cache like
/// components, checked before serving (a core module, the entrypoint exported, only WASI
/// preview 1 imported). A component serves either wasi:http or WAGI triggers, not both.
/// </summary>
internal static class WagiModules
{
    /// <summary>The entrypoint WAGI triggers call on component <paramref name="id"/>, or null when its triggers are wasi:http.</summary>
    public static string? Entrypoint(AppManifest manifest, string id)
    {
        var triggers = manifest.HttpTriggers.Where(t => t.Component == id).ToList();
        var wagi = triggers.Where(t => t.Wagi is not null).ToList();
        if (wagi.Count == 0)
        {
            return null;
        }
        if (wagi.Count < triggers.Count)
        {
            var http = triggers.First(t => t.Wagi is null);
            throw new ManifestException(manifest.DisplayName, http.Line, $"component.{id}",
                "is served by both the wagi and the http executor: a WASI preview 1 module cannot be a wasi:http component (give each its own component)");
        }
        return wagi[0].Wagi!.Entrypoint;
    }

    /// <summary>Loads and checks the module of <paramref name="spec"/>; every failure names its source key.</summary>
    public static ServedComponent Load(GuestLoader loader, ComponentManifest spec, GuestGrants grants, string entrypoint, string display)
    {
        var key = $"component.{spec.Id}.source";
        if (spec.Reuse is not null)
        {
            throw new ManifestException(display, spec.SourceLine, $"component.{spec.Id}.instance_reuse",
                "the wagi executor runs a module from its entrypoint once per request (a fresh instance each time): instance_reuse does not apply");
        }
        LoadedGuest? guest = null;
        try
        {
            guest = loader.Load(spec.Source);
            ModuleEntryRunner.Check(guest, entrypoint);
            return new ServedComponent(spec.Id, guest, grants);
        }
        catch (WasmLoadException e)
        {
            guest?.Dispose();
            throw new ManifestException(display, spec.SourceLine, key, e.Cause);
        }
    }
}
