using Microsoft.Extensions.Logging;

namespace Capsule.Cli;

/// <summary>
/// Writes log lines as <c>capsule: message</c> to stderr, where a CLI user
/// reads them. Warnings always show; information only with --verbose.
/// </summary>
internal sealed class StderrLogger<T>(bool verbose) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= (verbose ? LogLevel.Information : LogLevel.Warning);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            var prefix = logLevel >= LogLevel.Warning ? "capsule: warning: " : "capsule: ";
            Console.Error.WriteLine(prefix + formatter(state, exception));
        }
    }
}
