using System.Collections.Frozen;

namespace Capsule.Hosting.Services.Sqlite;

/// <summary>
/// The pragmas a guest may run (as <c>PRAGMA x</c> or the table-valued <c>pragma_x(…)</c>); every other one is refused.
/// None of them reaches the host's file system, reveals a host path, changes how the file is journaled or
/// synced, or raises a bound the host set (the size quota, the heap, the busy timeout).
/// </summary>
internal static class SqlitePragmas
{
    /// <summary>Pragmas allowed with or without an argument: schema introspection (the argument names a table or index) and per-connection behaviour.</summary>
    public static readonly FrozenSet<string> WithArgument = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
        "foreign_keys", "defer_foreign_keys", "recursive_triggers", "automatic_index", "query_only",
        "reverse_unordered_selects", "ignore_check_constraints", "legacy_alter_table",
        "user_version", "application_id", "analysis_limit", "optimize", "incremental_vacuum", "shrink_memory");

    /// <summary>Pragmas allowed only as a read (no argument): the host's settings, seen but not changed.</summary>
    public static readonly FrozenSet<string> ReadOnly = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "page_count", "page_size", "max_page_count", "freelist_count", "schema_version", "data_version",
        "encoding", "journal_mode", "synchronous", "cache_size", "busy_timeout", "auto_vacuum",
        "compile_options", "collation_list", "function_list", "module_list", "pragma_list");

    /// <summary>Whether pragma <paramref name="name"/> may run with <paramref name="argument"/> (null: none).</summary>
    public static bool Allows(string name, string? argument) =>
        WithArgument.Contains(name) || (argument is null && ReadOnly.Contains(name));
}
