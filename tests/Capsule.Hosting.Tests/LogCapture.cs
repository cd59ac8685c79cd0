using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Tests;

/// <summary>Keeps every log line a server writes, so tests can assert on the structured failure and access lines.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <summary>
    /// Waits for a line matching <paramref name="match"/>: the access line is
    /// written after the response has gone out, so it can trail the client.
    /// </summary>
    public async Task<string> WaitFor(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (Lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"no matching log line among: {string.Join(" | ", Lines)}");
    }

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
