using Capsule.Hosting.Files;
using Capsule.Hosting.Services.KeyValue;
using Capsule.Hosting.Services.Sqlite;
using Capsule.Hosting.Services.Variables;
using Capsule.Wasi;

namespace Capsule.Hosting.App;

/// <summary>
/// The host features of a served app: WASI's and the app services'. The manifest reader asks them
/// for their keys, <c>capsule inspect</c> for its hints, and the host links them. Register a new
/// feature here.
/// </summary>
public static class AppFeatures
{
    /// <summary>New instances of every feature, in link order (one list per host); <paramref name="services"/> is what the command line tells the app services.</summary>
    public static IReadOnlyList<IHostFeature> Create(AppServiceOptions? services = null)
    {
        services ??= AppServiceOptions.None;
        // Files first: its keys come first in messages, after what the component is.
        return
        [
            new FilesFeature(),
            .. WasiFeatures.Create(),
            new KeyValueFeature(services),
            new SqliteFeature(services.SqliteStatements),
            new VariablesFeature(),
            new Services.Redis.OutboundRedisFeature(),
        ];
    }
}
