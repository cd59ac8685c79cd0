using System.Text.Encodings.Web;
using System.Text.Json;

namespace Capsule.Hosting.Registry;

/// <summary>How pushed JSON is written: compact, and with quotes and non-ASCII as serde_json writes them (\" rather than \u0022).</summary>
internal static class SpinJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
