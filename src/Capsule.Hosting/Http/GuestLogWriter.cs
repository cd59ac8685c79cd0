using System.Text;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>
/// Splits a guest's stdout or stderr into lines and logs each, tagged with
/// the component. One per stream per request; a last unterminated line is
/// logged on <see cref="Flush"/>. Both streams of a request share one
/// <see cref="GuestLogBudget"/>: what exceeds it is counted, not logged.
/// </summary>
internal sealed class GuestLogWriter(ILogger logger, string component, bool isError, GuestLogBudget budget)
{
    private const int MaxLine = 8 * 1024;
    // Made on the first write: most guests print nothing.
    private StringBuilder? _line;

    public void Write(ReadOnlySpan<byte> data)
    {
        var allowed = budget.Take(data);
        if (allowed == 0)
        {
            return;
        }
        _line ??= new StringBuilder();
        foreach (var ch in Encoding.UTF8.GetString(data[..allowed]))
        {
            if (ch == '\n' || _line.Length >= MaxLine)
            {
                Flush();
            }
            if (ch != '\n')
            {
                _line.Append(ch);
            }
        }
    }

    public void Flush()
    {
        if (_line is null || _line.Length == 0)
        {
            return;
        }
        var line = _line.ToString().TrimEnd('\r');
        _line.Clear();
        if (!budget.TakeLine(line.Length))
        {
            return;
        }
        if (isError)
        {
            HostingLog.GuestStderr(logger, component, line);
        }
        else
        {
            HostingLog.GuestStdout(logger, component, line);
        }
    }
}
