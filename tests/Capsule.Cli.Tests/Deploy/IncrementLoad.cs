namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// One increment request: its status (0 when no response came), the replica the balancer
/// named, the counter value the guest returned (else the body, or the client's error), and
/// whether it started after the kill.
/// </summary>
public sealed record Increment(int Status, string? Replica, long? Value, string? Error, bool StartedAfterKill);

/// <summary>A fixed number of GETs sent with a fixed number in flight, each recorded as an <see cref="Increment"/>.</summary>
public static class IncrementLoad
{
    /// <summary>
    /// Sends <paramref name="count"/> GETs of <paramref name="path"/>, <paramref name="concurrency"/> at a time.
    /// When <paramref name="killAfter"/> have completed, <paramref name="kill"/> runs while the others stay in flight.
    /// </summary>
    public static async Task<IReadOnlyList<Increment>> Drive(
        HttpClient client, string path, int count, int concurrency, CancellationToken cancel, int killAfter = -1, Action? kill = null)
    {
        var results = new Increment[count];
        var next = -1;
        var completed = 0;
        var killed = 0;
        async Task Worker()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var afterKill = Volatile.Read(ref killed) == 1;
                results[index] = await Send(client, path, afterKill, cancel);
                if (Interlocked.Increment(ref completed) == killAfter)
                {
                    kill?.Invoke();
                    Volatile.Write(ref killed, 1);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker, cancel)));
        return results;
    }

    private static async Task<Increment> Send(HttpClient client, string path, bool afterKill, CancellationToken cancel)
    {
        try
        {
            using var response = await client.GetAsync(path, cancel);
            var body = await response.Content.ReadAsStringAsync(cancel);
            var replica = response.Headers.TryGetValues(LoadBalancer.ReplicaHeader, out var names) ? names.Single() : null;
            long? value = response.IsSuccessStatusCode && long.TryParse(body.Trim(), out var v) ? v : null;
            return new Increment((int)response.StatusCode, replica, value, value is null ? body : null, afterKill);
        }
        catch (HttpRequestException e)
        {
            return new Increment(0, null, null, e.Message, afterKill);
        }
    }
}
