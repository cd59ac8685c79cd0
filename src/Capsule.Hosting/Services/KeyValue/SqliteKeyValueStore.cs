using Capsule.Hosting.Services.Sqlite;
using Microsoft.Data.Sqlite;

namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// A key-value store in an SQLite file, in Spin's layout (table
/// <c>spin_key_value(store, key, value)</c>, so a file Spin wrote reads here and
/// back; an increment is a little-endian 64-bit value, as Spin stores it).
/// The file is created on first use, in WAL mode; every call takes a pooled
/// connection of its own, and writers wait for each other (busy timeout) rather
/// than fail, so many instances may write at once.
/// </summary>
public sealed class SqliteKeyValueStore : IKeyValueStore
{
    private const string Upsert =
        "INSERT INTO spin_key_value (store, key, value) VALUES ($store, $key, $value) ON CONFLICT(store, key) DO UPDATE SET value = $value";

    private readonly SqliteFile file;
    private readonly string label;

    /// <summary>Store <paramref name="label"/> in <paramref name="file"/>; nothing is opened until the first call.</summary>
    public SqliteKeyValueStore(SqliteFile file, string label)
    {
        this.file = file;
        this.label = label;
    }

    /// <summary>At start-up: the file, when it exists, is an SQLite database (else <see cref="SqliteFileException"/> naming it).</summary>
    public void Check() => file.Check();

    /// <inheritdoc/>
    public byte[]? Get(string key)
    {
        KeyValueLimits.CheckKey(key);
        return Run(connection => ReadValue(connection, null, key));
    }

    /// <inheritdoc/>
    public void Set(string key, ReadOnlySpan<byte> value)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        var copy = value.ToArray();
        Run(connection => Execute(connection, null, Upsert, key, copy));
    }

    /// <inheritdoc/>
    public void Delete(string key)
    {
        KeyValueLimits.CheckKey(key);
        Run(connection => Execute(connection, null, "DELETE FROM spin_key_value WHERE store = $store AND key = $key", key, null));
    }

    /// <inheritdoc/>
    public bool Exists(string key)
    {
        KeyValueLimits.CheckKey(key);
        return Run(connection =>
        {
            using var command = Command(connection, null, "SELECT 1 FROM spin_key_value WHERE store = $store AND key = $key", key, null);
            return command.ExecuteScalar() is not null;
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetKeys() => Run(connection =>
    {
        using var command = Command(connection, null, "SELECT key FROM spin_key_value WHERE store = $store", null, null);
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        var bytes = 0L;
        while (reader.Read())
        {
            var key = reader.GetString(0);
            bytes += key.Length;
            CheckResultSize(bytes);
            keys.Add(key);
        }
        return keys;
    });

    /// <inheritdoc/>
    public long Increment(string key, long delta)
    {
        KeyValueLimits.CheckKey(key);
        return Run(connection =>
        {
            // IMMEDIATE: the write lock is taken before the read, so two increments never both read the old value.
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = ReadValue(connection, transaction, key);
            if (current is not null && current.Length != sizeof(long))
            {
                throw KeyValueException.Other($"the value of '{key}' is not a 64-bit integer ({current.Length} bytes)");
            }
            var next = unchecked((current is null ? 0 : System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(current)) + delta);
            Execute(connection, transaction, Upsert, key, LittleEndian(next));
            transaction.Commit();
            return next;
        });
    }

    /// <inheritdoc/>
    public bool CompareAndSwap(string key, byte[]? expected, ReadOnlySpan<byte> value)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        var copy = value.ToArray();
        return Run(connection =>
        {
            using var command = expected is null
                ? Command(connection, null, "INSERT INTO spin_key_value (store, key, value) VALUES ($store, $key, $value) ON CONFLICT(store, key) DO NOTHING", key, copy)
                : Command(connection, null, "UPDATE spin_key_value SET value = $value WHERE store = $store AND key = $key AND value = $expected", key, copy);
            if (expected is not null)
            {
                command.Parameters.AddWithValue("$expected", expected);
            }
            return command.ExecuteNonQuery() == 1;
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, byte[]>> GetMany(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            KeyValueLimits.CheckKey(key);
        }
        return Run(connection =>
        {
            var found = new List<KeyValuePair<string, byte[]>>();
            var bytes = 0L;
            foreach (var key in keys.Distinct(StringComparer.Ordinal))
            {
                if (ReadValue(connection, null, key) is { } value)
                {
                    bytes += key.Length + value.Length;
                    CheckResultSize(bytes);
                    found.Add(new(key, value));
                }
            }
            return found;
        });
    }

    /// <inheritdoc/>
    public void SetMany(IReadOnlyList<KeyValuePair<string, byte[]>> pairs)
    {
        foreach (var (key, value) in pairs)
        {
            KeyValueLimits.CheckKey(key);
            KeyValueLimits.CheckValue(value);
        }
        Run(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var (key, value) in pairs)
            {
                Execute(connection, transaction, Upsert, key, value);
            }
            transaction.Commit();
        });
    }

    /// <inheritdoc/>
    public void DeleteMany(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            KeyValueLimits.CheckKey(key);
        }
        Run(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var key in keys)
            {
                Execute(connection, transaction, "DELETE FROM spin_key_value WHERE store = $store AND key = $key", key, null);
            }
            transaction.Commit();
        });
    }

    private static void CheckResultSize(long bytes)
    {
        if (bytes > KeyValueLimits.MaxResultBytes)
        {
            throw KeyValueException.Other($"result exceeds the limit of {KeyValueLimits.MaxResultBytes} bytes");
        }
    }

    private static byte[] LittleEndian(long value)
    {
        var bytes = new byte[sizeof(long)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    private byte[]? ReadValue(SqliteConnection connection, SqliteTransaction? transaction, string key)
    {
        using var command = Command(connection, transaction, "SELECT value FROM spin_key_value WHERE store = $store AND key = $key", key, null);
        return command.ExecuteScalar() as byte[];
    }

    private void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, string key, byte[]? value)
    {
        using var command = Command(connection, transaction, sql, key, value);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, string? key, byte[]? value)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$store", label);
        if (key is not null)
        {
            command.Parameters.AddWithValue("$key", key);
        }
        if (value is not null)
        {
            command.Parameters.AddWithValue("$value", value);
        }
        return command;
    }

    private void Run(Action<SqliteConnection> action) => Run(connection =>
    {
        action(connection);
        return true;
    });

    // The one place SQLite's exceptions become the interface's error.
    private T Run<T>(Func<SqliteConnection, T> action)
    {
        try
        {
            using var connection = file.Open(KeyValueSchema);
            return action(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_FULL)
        {
            throw KeyValueException.Other($"the store is full: its file may hold {Capsule.Runtime.Grants.ByteSize.Format(file.MaxSizeBytes)} (max_size in the runtime config)");
        }
        catch (SqliteException e)
        {
            throw KeyValueException.Other($"sqlite: {e.Message}");
        }
        catch (SqliteFileException e)
        {
            throw KeyValueException.Other($"the store's file {e.Problem}");
        }
    }

    private const string KeyValueSchema =
        "CREATE TABLE IF NOT EXISTS spin_key_value (store TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (store, key))";
}
