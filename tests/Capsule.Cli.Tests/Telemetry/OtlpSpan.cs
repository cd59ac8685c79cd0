using System.Text;

namespace Capsule.Cli.Tests.Telemetry;

/// <summary>
/// A span as OTLP carries it (opentelemetry-proto's trace.proto), read from an
/// ExportTraceServiceRequest with a small protobuf wire reader: only the fields the tests look at.
/// </summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, object> Attributes, string ServiceName)
{
    /// <summary>Every span of an ExportTraceServiceRequest body.</summary>
    public static IEnumerable<OtlpSpan> Read(byte[] request)
    {
        // ExportTraceServiceRequest.resource_spans = 1
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1).Select(f => f.Bytes!))
        {
            var service = "";
            // ResourceSpans.resource = 1 (Resource.attributes = 1), scope_spans = 2
            foreach (var resource in Fields(resourceSpans).Where(f => f.Number == 1))
            {
                service = ReadAttributes(resource.Bytes!, 1).GetValueOrDefault("service.name") as string ?? "";
            }
            foreach (var scopeSpans in Fields(resourceSpans).Where(f => f.Number == 2))
            {
                // ScopeSpans.spans = 2
                foreach (var span in Fields(scopeSpans.Bytes!).Where(f => f.Number == 2))
                {
                    yield return ReadSpan(span.Bytes!, service);
                }
            }
        }
    }

    private static OtlpSpan ReadSpan(byte[] span, string service)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        foreach (var field in Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes!); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes!); break;
                case 4: parent = Convert.ToHexStringLower(field.Bytes!); break;
                case 5: name = Encoding.UTF8.GetString(field.Bytes!); break;
                case 6: kind = (int)field.Varint; break;
            }
        }
        return new OtlpSpan(traceId, spanId, parent, name, kind, ReadAttributes(span, 9), service);
    }

    // KeyValue { key = 1; AnyValue value = 2 }, AnyValue { string = 1; bool = 2; int = 3; double = 4 }
    private static Dictionary<string, object> ReadAttributes(byte[] message, int number)
    {
        var attributes = new Dictionary<string, object>();
        foreach (var pair in Fields(message).Where(f => f.Number == number))
        {
            var fields = Fields(pair.Bytes!).ToList();
            var key = Encoding.UTF8.GetString(fields.First(f => f.Number == 1).Bytes!);
            var value = fields.FirstOrDefault(f => f.Number == 2)?.Bytes;
            if (value is null)
            {
                continue;
            }
            foreach (var any in Fields(value))
            {
                attributes[key] = any.Number switch
                {
                    1 => Encoding.UTF8.GetString(any.Bytes!),
                    2 => any.Varint != 0,
                    3 => (long)any.Varint,
                    4 => BitConverter.Int64BitsToDouble((long)any.Varint),
                    _ => "?",
                };
            }
        }
        return attributes;
    }

    private sealed record Field(int Number, ulong Varint, byte[]? Bytes);

    private static IEnumerable<Field> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var tag = ReadVarint(message, ref at);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    yield return new Field(number, ReadVarint(message, ref at), null);
                    break;
                case 1:
                    yield return new Field(number, BitConverter.ToUInt64(message, at), null);
                    at += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref at);
                    yield return new Field(number, 0, message[at..(at + length)]);
                    at += length;
                    break;
                case 5:
                    yield return new Field(number, BitConverter.ToUInt32(message, at), null);
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {tag & 7} at byte {at}");
            }
        }
    }

    private static ulong ReadVarint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
