using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Capsule.Cli.Tests.Registry;

/// <summary>Artifacts written the way <c>spin registry push</c> writes them (spinframework/spin crates/oci), by the test itself.</summary>
public static class SpinArtifact
{
    public const string LockedMediaType = "application/vnd.fermyon.spin.application.v1+config";
    public const string WasmMediaType = "application/vnd.wasm.content.layer.v1+wasm";
    public const string DataMediaType = "application/vnd.wasm.content.layer.v1+data";
    public const string ArchiveMediaType = "application/vnd.wasm.content.bundle.v1.tar+gzip";

    /// <summary>A locked app with one http-hello component serving <paramref name="route"/>, with <paramref name="files"/> (Spin's ContentPath objects).</summary>
    public static JsonObject LockedApp(string wasmDigest, JsonArray files, string componentId = "hello", string route = "/...") => new()
    {
        ["spin_lock_version"] = 1,
        ["metadata"] = new JsonObject
        {
            ["name"] = "spin-pushed",
            ["version"] = "0.1.0",
            ["authors"] = new JsonArray("Ada"),
            ["triggers"] = new JsonObject { ["http"] = new JsonObject() },
            ["trigger"] = new JsonObject { ["type"] = "http" },
        },
        ["triggers"] = new JsonArray(
            new JsonObject
            {
                ["id"] = "trigger-hello",
                ["trigger_type"] = "http",
                ["trigger_config"] = new JsonObject { ["component"] = componentId, ["route"] = route, ["executor"] = new JsonObject { ["type"] = "spin" } },
            },
            new JsonObject
            {
                ["id"] = "trigger-private",
                ["trigger_type"] = "http",
                ["trigger_config"] = new JsonObject { ["component"] = componentId, ["route"] = new JsonObject { ["private"] = true } },
            }),
        ["components"] = new JsonArray(new JsonObject
        {
            ["id"] = componentId,
            ["metadata"] = new JsonObject { ["allowed_outbound_hosts"] = new JsonArray(), ["key_value_stores"] = new JsonArray(), ["databases"] = new JsonArray() },
            ["source"] = new JsonObject { ["content_type"] = "application/wasm", ["digest"] = wasmDigest },
            ["env"] = new JsonObject { ["FROM"] = "spin" },
            ["files"] = files,
        }),
    };

    public static JsonObject File(string path, byte[] content, bool inline = false)
    {
        var file = new JsonObject { ["digest"] = RawArtifact.DigestOf(content), ["path"] = path };
        if (inline)
        {
            file["inline"] = Convert.ToBase64String(content);
        }
        return file;
    }

    /// <summary>Spin's OCI config: architecture wasm, os wasip1, the locked app's digest as a label.</summary>
    public static byte[] Config(string lockedDigest) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["architecture"] = "wasm",
        ["os"] = "wasip1",
        ["config"] = new JsonObject { ["Labels"] = new JsonObject { ["com.fermyon.spin.lockedAppDigest"] = lockedDigest } },
        ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
    }.ToJsonString());

    public static byte[] Bytes(JsonNode json) => Encoding.UTF8.GetBytes(json.ToJsonString());

    /// <summary>A gzipped tar holding <paramref name="entries"/> (name → content), as Spin's archive layers are.</summary>
    public static byte[] Archive(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }
        return buffer.ToArray();
    }
}
