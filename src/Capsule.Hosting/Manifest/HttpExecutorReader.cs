namespace Capsule.Hosting.Manifest;

/// <summary>
/// Spin's <c>[[trigger.http]] executor</c> (<c>crates/http/src/config.rs</c>): <c>http</c> (or its
/// alias <c>spin</c>, the default) runs a wasi:http component; <c>wagi</c> runs a WASI preview 1
/// module per request, with <c>entrypoint</c> (default <c>_start</c>) and <c>argv</c> (default
/// <c>"${SCRIPT_NAME} ${ARGS}"</c>).
/// </summary>
internal static class HttpExecutorReader
{
    /// <summary>The WAGI settings of the trigger <paramref name="entry"/>, or null for the wasi:http executor.</summary>
    public static WagiExecutor? Read(ManifestReader reader, TomlMap entry, string path)
    {
        if (entry.Get("executor") is null)
        {
            return null;
        }
        var key = $"{path}.executor";
        var executor = reader.Table(entry, "executor", path, required: true);
        var type = reader.String(executor, "type", key, required: true);
        switch (type)
        {
            case "http" or "spin":
                reader.OnlyKeys(executor, key, "type");
                return null;
            case "wagi":
                reader.OnlyKeys(executor, key, "type", "entrypoint", "argv");
                var entrypoint = reader.String(executor, "entrypoint", key, required: false) ?? WagiExecutor.DefaultEntrypoint;
                if (entrypoint.Length == 0)
                {
                    throw reader.Error(executor.Get("entrypoint"), $"{key}.entrypoint", "empty (expected an exported function name, e.g. \"_start\")");
                }
                var argv = reader.String(executor, "argv", key, required: false) ?? WagiExecutor.DefaultArgv;
                return new WagiExecutor(entrypoint, argv);
            default:
                throw reader.Error(executor.Get("type"), $"{key}.type",
                    $"unsupported executor \"{type}\" (expected \"http\", for wasi:http components, or \"wagi\", for WASI preview 1 modules)");
        }
    }
}

/// <summary>A trigger's WAGI executor settings.</summary>
/// <param name="Entrypoint">The exported function each request calls.</param>
/// <param name="Argv">The module's arguments: <c>${SCRIPT_NAME}</c> and <c>${ARGS}</c> replaced, then split at spaces.</param>
public sealed record WagiExecutor(string Entrypoint, string Argv)
{
    /// <summary>Spin's default entrypoint.</summary>
    public const string DefaultEntrypoint = "_start";

    /// <summary>Spin's default argv.</summary>
    public const string DefaultArgv = "${SCRIPT_NAME} ${ARGS}";
}
