using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>
/// The serving log: one line per entry on stdout, in the single-line shape of
/// Microsoft's simple console logger (<c>info: Category[id] message</c>).
/// Microsoft's console logger writes, and so makes a system call, once per
/// line; at tens of thousands of access lines a second that cost about a
/// third of the throughput of a small guest (bench/results). Here request
/// threads only queue the line, and one writer drains whatever has queued
/// into a buffer and writes it at once, at most every 10 ms. Lines are never dropped: when the
/// queue is full (stdout not read), logging waits, as Microsoft's does.
/// Disposing writes every line still queued.
/// </summary>
public sealed class BatchedConsoleLoggerProvider : ILoggerProvider
{
    private const int QueueCapacity = 16 * 1024;
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(10);
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _writer;

    /// <summary>Logs to this process's stdout.</summary>
    public BatchedConsoleLoggerProvider()
        : this(Console.OpenStandardOutput())
    {
    }

    /// <summary>Logs to <paramref name="output"/>, which this provider then owns.</summary>
    public BatchedConsoleLoggerProvider(Stream output)
    {
        _writer = Task.Run(() => WriteAll(new StreamWriter(output, new UTF8Encoding(false), 64 * 1024)));
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Writes every queued line, then closes the output.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    private void Enqueue(string line)
    {
        if (!_queue.Writer.TryWrite(line))
        {
            // Full (or completed, at shutdown, when WriteAsync throws and the line is lost with the process).
            try
            {
                _queue.Writer.WriteAsync(line).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
            }
        }
    }

    private async Task WriteAll(StreamWriter output)
    {
        await using (output)
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                while (_queue.Reader.TryRead(out var line))
                {
                    output.Write(line);
                }
                await output.FlushAsync();
                // Waking this writer costs a thread switch; under load, letting
                // lines gather for a moment makes that one switch per batch.
                await Task.Delay(BatchInterval);
            }
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Logger(BatchedConsoleLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var message = formatter(state, exception);
            var line = exception is null
                ? $"{LevelName(logLevel)}: {category}[{eventId.Id}] {message}\n"
                : $"{LevelName(logLevel)}: {category}[{eventId.Id}] {message} {exception.ToString().ReplaceLineEndings(" ")}\n";
            provider.Enqueue(line);
        }
    }
}
