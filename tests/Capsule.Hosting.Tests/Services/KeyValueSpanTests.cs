using System.Collections.Concurrent;
using System.Diagnostics;

namespace Capsule.Hosting.Tests.Services;

/// <summary>
/// Traces (issue 24 §1): a key-value call is a client span under the request's handler span, which is
/// under the request's own span continuing the caller's traceparent; the real guest and real Kestrel.
/// </summary>
public sealed class KeyValueSpanTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    [Fact]
    public async Task A_key_value_call_is_a_span_under_the_handler_span_of_its_request()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Capsule" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Other tests of this process run at the same time: only this request's trace.
                if (activity.TraceId == traceId)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var folder = new TempDir();
        await using var app = await KeyValueApp.Start(hosting, folder.Path, KeyValueApp.Manifest("default"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/spin/default/set/traced?value=v");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var response = await app.Client.SendAsync(request);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());

        var waited = Stopwatch.StartNew();
        while (!spans.Any(s => s.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn") && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }
        var root = Assert.Single(spans, s => s.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn");
        Assert.Equal("00f067aa0ba902b7", root.ParentSpanId.ToHexString());
        var handler = Assert.Single(spans, s => s.OperationName == "handler");
        Assert.Equal(root.SpanId, handler.ParentSpanId);
        var set = Assert.Single(spans, s => s.OperationName == "key_value set");
        Assert.Equal(handler.SpanId, set.ParentSpanId);
        Assert.Equal(ActivityKind.Client, set.Kind);
        Assert.Equal("key_value", set.GetTagItem("capsule.service"));
    }
}
