using System.Text.Json.Serialization;

namespace Capsule.AspNetCore;

/// <summary>Source-generated JSON for quoting strings into TOML (no reflection: AOT-safe).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class WasmJson : JsonSerializerContext;
