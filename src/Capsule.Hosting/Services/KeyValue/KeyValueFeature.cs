using System.Collections.Immutable;
using System.Text;
using Capsule.Hosting.Services.Sqlite;
using Capsule.Runtime.Native;
using SpinKeyValue = Capsule.Hosting.Generated.Fermyon.Spin.KeyValue;
using WasiAtomics = Capsule.Hosting.Generated.Wasi.Keyvalue.Atomics;
using WasiBatch = Capsule.Hosting.Generated.Wasi.Keyvalue.Batch;
using WasiStore = Capsule.Hosting.Generated.Wasi.Keyvalue.Store;

namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// Key-value stores for guests: <c>fermyon:spin/key-value@2.0.0</c> and <c>wasi:keyvalue</c>
/// (store, atomics, batch @0.2.0-draft2) over the same stores by label, as Spin 3 serves them.
/// Manifest key: <c>key_value_stores</c>; stores come from the runtime configuration, with the
/// embedded <c>default</c> (<see cref="ServiceDefaults"/>); <paramref name="options"/>' seeds are set
/// in <c>default</c> at start-up.
/// </summary>
public sealed class KeyValueFeature(AppServiceOptions options) : IAppFeature, Capsule.Runtime.Components.Running.ILoweredHostFeature
{
    private const string Key = "key_value_stores";

    /// <inheritdoc/>
    public IReadOnlyList<string> ComponentKeys { get; } = [Key];

    /// <inheritdoc/>
    public IReadOnlyList<GrantHintRule> GrantHints { get; } =
    [
        new("key-value stores", "key_value_stores = [\"default\"] in capsule.toml (other labels: --runtime-config-file)", name =>
            name.StartsWith("fermyon:spin/key-value@", StringComparison.Ordinal) || name.StartsWith("wasi:keyvalue/", StringComparison.Ordinal)),
    ];

    /// <inheritdoc/>
    public void Link(HostLinker linker) => linker.Define(
    [
        SpinKeyValue.KeyValueImports.Create(static store => store.State.GetOrCreate(static s => new SpinKeyValueHost(KeyValueTableOf(s)))),
        WasiStore.StoreImports.Create(WasiHostOf),
        WasiAtomics.AtomicsImports.Create(WasiHostOf),
        WasiBatch.BatchImports.Create(WasiHostOf),
    ]);

    /// <inheritdoc/>
    public IEnumerable<Capsule.Runtime.Components.Abi.LoweredInterface> Lowerings() =>
    [
        SpinKeyValue.KeyValueLowerings.Create(static abi => ((Capsule.Runtime.Features.InstanceState)abi.Host!).GetOrCreate(static s => new SpinKeyValueHost(KeyValueTableOf(s)))),
        WasiStore.StoreLowerings.Create(static abi => WasiHostOf((Capsule.Runtime.Features.InstanceState)abi.Host!)),
        WasiAtomics.AtomicsLowerings.Create(static abi => WasiHostOf((Capsule.Runtime.Features.InstanceState)abi.Host!)),
        WasiBatch.BatchLowerings.Create(static abi => WasiHostOf((Capsule.Runtime.Features.InstanceState)abi.Host!)),
    ];

    /// <inheritdoc/>
    public GuestGrants ReadComponent(ComponentSection component, GuestGrants grants)
    {
        var (reader, table, path, _, _) = component;
        if (table.Get(Key) is null)
        {
            return grants;
        }
        var labels = ImmutableArray.CreateBuilder<KeyValueLabel>();
        var items = reader.Array(table, Key, path);
        for (var i = 0; i < items.Count; i++)
        {
            var key = $"{path}.{Key}[{i}]";
            if (items[i] is not TomlScalar { Value: string label })
            {
                throw reader.Error(items[i], key, $"expected a string, found {items[i].Describe()}");
            }
            if (label.Length == 0 || label.Length > 255 || label.Any(char.IsControl))
            {
                throw reader.Error(items[i], key, "a store label is 1 to 255 characters, none of them a control character");
            }
            labels.Add(new KeyValueLabel(label, items[i].Line));
        }
        return grants.WithGrant(new KeyValueGrant(labels.ToImmutable()));
    }

    /// <inheritdoc/>
    public IDisposable? ConfigureApp(AppConfiguration app)
    {
        var stores = ServiceDefaults.KeyValueStores(app.RuntimeConfig, app.StateDirectory);
        try
        {
            var defined = stores.Labels.ToHashSet(StringComparer.Ordinal);
            foreach (var id in app.ComponentIds.ToList())
            {
                if (app.Grants(id).Grant<KeyValueGrant>() is not { } grant)
                {
                    continue;
                }
                if (grant.Listed.FirstOrDefault(l => !defined.Contains(l.Name)) is { } missing)
                {
                    throw new ManifestException(app.Manifest.DisplayName, missing.Line, $"component.{id}.{Key}",
                        $"no key-value store is labelled '{missing.Name}': define it as [key_value_store.{missing.Name}] in a --runtime-config-file (only 'default' needs no configuration)");
                }
                for (var i = 0; i < grant.Listed.Length; i++)
                {
                    CheckFile(app, grant.Listed[i].Name, grant.Listed[i].Line, $"component.{id}.{Key}[{i}]");
                }
                app.SetGrants(id, app.Grants(id).WithGrant(grant with { Stores = stores }));
            }
            if (options.KeyValueSeeds.Count > 0)
            {
                CheckFile(app, ServiceDefaults.DefaultLabel, null, "--key-value");
            }
            Seed(stores, app);
            return stores;
        }
        catch
        {
            stores.Dispose();
            throw;
        }
    }

    // At start-up: a store kept in an SQLite file must be one (or not exist yet); the state folder's is
    // checked and created without following links.
    private static void CheckFile(AppConfiguration app, string label, int? line, string key)
    {
        try
        {
            if (ServiceDefaults.KeyValueInStateFolder(app.RuntimeConfig, label))
            {
                StateStoreFile.Prepare(app.StateDirectory, ServiceDefaults.KeyValueFileName, create: false);
            }
            ServiceDefaults.KeyValueFile(app.RuntimeConfig, app.StateDirectory, label)?.Check();
        }
        catch (SqliteFileException e)
        {
            throw new ManifestException(app.Manifest.DisplayName, line, key, $"key-value store \"{label}\": {e.Message}");
        }
    }

    // --key-value KEY=VALUE, as Spin's: set in the default store before anything is served.
    private void Seed(KeyValueStores stores, AppConfiguration app)
    {
        if (options.KeyValueSeeds.Count == 0)
        {
            return;
        }
        try
        {
            var store = stores.Find(ServiceDefaults.DefaultLabel)!;
            foreach (var (key, value) in options.KeyValueSeeds)
            {
                KeyValueLimits.CheckKey(key);
                store.Set(key, Encoding.UTF8.GetBytes(value));
            }
        }
        catch (KeyValueException e)
        {
            throw new ManifestException("--key-value", null, null, $"cannot seed the default key-value store: {e.Message}");
        }
        app.Progress($"Seeded {options.KeyValueSeeds.Count} key(s) into the default key-value store");
    }

    private static WasiKeyValueHost WasiHostOf(ComponentStore store) => WasiHostOf(store.State);

    private static WasiKeyValueHost WasiHostOf(InstanceState state) =>
        state.GetOrCreate(static s => new WasiKeyValueHost(KeyValueTableOf(s)));

    // Both interfaces open stores in one table per instance, so Spin's store-table-full bounds them together.
    private static KeyValueStoreTable KeyValueTableOf(InstanceState state) =>
        state.GetOrCreate(static s => s.Grants.Grant<KeyValueGrant>() is { Stores: { } stores } grant
            ? new KeyValueStoreTable(stores, grant.Allowed)
            : new KeyValueStoreTable(NoStores, new HashSet<string>()));

    private static readonly KeyValueStores NoStores = new([]);
}
