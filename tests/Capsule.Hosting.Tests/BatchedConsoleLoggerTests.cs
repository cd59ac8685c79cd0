using Capsule.Hosting.Http;
using Capsule.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Tests;

/// <summary>The serving log: lines queued by many threads all reach the output, whole and in each thread's order.</summary>
public sealed class BatchedConsoleLoggerTests
{
    [Fact]
    public async Task Every_line_from_concurrent_writers_is_written_by_dispose()
    {
        using var temp = new TempDir();
        var path = temp.Combine("log.txt");
        var provider = new BatchedConsoleLoggerProvider(File.Create(path));
        var logger = provider.CreateLogger("Capsule.Test");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                logger.Log(LogLevel.Information, new EventId(200), $"writer {writer} line {i}", null, (s, _) => s);
            }
        })));
        logger.LogError(new InvalidOperationException("boom\nsecond line"), "failed");
        provider.Dispose();

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(40_001, lines.Length);
        for (var writer = 0; writer < 4; writer++)
        {
            var own = lines.Where(l => l.StartsWith($"info: Capsule.Test[200] writer {writer} ", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, 10_000).Select(i => $"info: Capsule.Test[200] writer {writer} line {i}"), own);
        }
        Assert.StartsWith("fail: Capsule.Test[0] failed System.InvalidOperationException: boom second line", lines[^1]);
    }
}
