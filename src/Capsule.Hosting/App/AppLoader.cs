using Capsule.Hosting.Manifest;
using Capsule.Hosting.Routing;
using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi;

namespace Capsule.Hosting.App;

/// <summary>
/// Turns a manifest into a <see cref="LoadedApp"/> before anything listens:
/// compiles each component (through the artifact cache), checks it is a
/// wasi:http handler, and links it once against the host so a missing import
/// fails start-up, not the first request. Every failure is one
/// <see cref="ManifestException"/> naming the component and the cause.
/// </summary>
public sealed class AppLoader(WasiHost host, GuestLoader loader, string stateDirectory, RuntimeConfigFile? runtimeConfig = null)
{
    private const string HandlerPrefix = "wasi:http/incoming-handler@";

    /// <summary>Loads every component of <paramref name="manifest"/>; <paramref name="progress"/> hears of each compile.</summary>
    public LoadedApp Load(AppManifest manifest, Action<string>? progress = null)
    {
        var display = manifest.DisplayName;
        var served = manifest.Components
            .Where(c => manifest.HttpTriggers.Any(t => t.Component == c.Key) || manifest.CronTriggers.Any(t => t.Component == c.Key)
                || manifest.RedisTriggers.Any(t => t.Component == c.Key)).ToList();
        var components = new Dictionary<string, ServedComponent>();
        var services = new List<IDisposable>();
        try
        {
            var grants = ConfigureApp(manifest, served.ToDictionary(c => c.Key, c => GrantsFor(c.Value)), services, progress);
            foreach (var (id, spec) in served)
            {
                progress?.Invoke($"Loading component '{id}' ({Path.GetFileName(spec.Source)}, {FileSize(new FileInfo(spec.Source).Length)})");
                components[id] = WagiModules.Entrypoint(manifest, id) is { } entrypoint
                    ? WagiModules.Load(loader, spec, grants[id], entrypoint, display)
                    : LoadComponent(spec, grants[id], display, manifest.HttpTriggers.Any(t => t.Component == id), manifest.CronTriggers.Any(t => t.Component == id),
                        manifest.RedisTriggers.Any(t => t.Component == id));
            }
        }
        catch
        {
            foreach (var loaded in components.Values)
            {
                loaded.Guest.Dispose();
            }
            services.ForEach(s => s.Dispose());
            throw;
        }
        var routes = new RouteTable<ServedComponent>();
        foreach (var trigger in manifest.HttpTriggers)
        {
            routes.Add(RoutePattern.Parse(trigger.Route), components[trigger.Component] with { Wagi = trigger.Wagi });
        }
        return new LoadedApp(manifest, routes, components, services);
    }

    // The app features open what the app's instances share and extend each component's grants.
    private IReadOnlyDictionary<string, GuestGrants> ConfigureApp(
        AppManifest manifest, Dictionary<string, GuestGrants> grants, List<IDisposable> services, Action<string>? progress)
    {
        var configuration = new AppConfiguration(manifest, runtimeConfig ?? RuntimeConfigFile.Empty, stateDirectory, grants, progress);
        foreach (var feature in host.Features.OfType<IAppFeature>())
        {
            if (feature.ConfigureApp(configuration) is { } opened)
            {
                services.Add(opened);
            }
        }
        StartupTrace.Mark("app services configured");
        return configuration.AllGrants;
    }

    private ServedComponent LoadComponent(ComponentManifest spec, GuestGrants grants, string display, bool servesHttp = true, bool servesCron = false, bool servesRedis = false)
    {
        var key = $"component.{spec.Id}.source";
        LoadedGuest guest;
        try
        {
            guest = loader.Load(spec.Source);
            StartupTrace.Mark($"component '{spec.Id}' compiled or loaded");
        }
        catch (WasmLoadException e)
        {
            throw new ManifestException(display, spec.SourceLine, key, e.Cause);
        }
        try
        {
            if (guest.Kind != WasmKind.Component)
            {
                throw new ManifestException(display, spec.SourceLine, key, "is a core module; capsule up serves wasi:http components");
            }
            if (servesHttp)
            {
                ComponentExports.Find(Engine, guest, HandlerPrefix);
            }
            if (servesCron)
            {
                Cron.CronHandler.CheckExport(guest);
            }
            if (servesRedis)
            {
                Redis.RedisMessageHandler.CheckExport(Engine, guest);
            }
            CheckLinks(guest, grants, display, key);
            host.PrepareComponentLayer(guest, loader.Cache);
            StartupTrace.Mark($"component '{spec.Id}' linked");
            return new ServedComponent(spec.Id, guest, grants, spec.Reuse);
        }
        catch (WasmLoadException e)
        {
            guest.Dispose();
            throw new ManifestException(display, spec.SourceLine, key, e.Cause);
        }
        catch
        {
            guest.Dispose();
            throw;
        }
    }

    private Runtime.Engine.CapsuleEngine Engine => host.Engine;

    // One throwaway instantiation: an import the host lacks fails here, at start-up.
    private void CheckLinks(LoadedGuest guest, GuestGrants grants, string display, string key)
    {
        using var deadline = new RunDeadline(grants.Limits.Timeout);
        using var store = host.CreateStore(grants with { Mounts = [] }, GuestOutput.Discard, deadline);
        try
        {
            host.Linker.Instantiate(store, guest.Component!);
        }
        catch (ComponentCallException e)
        {
            // Wasmtime's first line names the import; its last, the most specific cause.
            var first = e.WasmtimeMessage.Split('\n', 2)[0].Trim();
            throw new ManifestException(display, null, key, $"cannot be linked: {(first.Length == 0 || first == e.Cause ? e.Cause : $"{first}: {e.Cause}")}");
        }
    }

    // The host's own grants; the app features (files, services) add theirs in ConfigureApp.
    private static GuestGrants GrantsFor(ComponentManifest spec) =>
        spec.FeatureGrants with { ProgramName = spec.Id, Limits = spec.Limits };

    private static string FileSize(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024.0:F1} MB" : $"{Math.Max(1, (bytes + 1023) / 1024)} KB";
}
