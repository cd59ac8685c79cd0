using System.Text;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>
/// Splits a guest's stdout or stderr into lines and logs each, tagged with
/// the component. One per stream per request; a last unterminated line is
/// logged on <see cref="Flush"/>.
/// </summary>
internal sealed class GuestLogWriter(ILogger logger, string component, bool isError)
{
    private const int MaxLine = 8 * 1024;
    private readonly StringBuilder _line = new();

    public void Write(ReadOnlySpan<byte> data)
    {
        foreach (var ch in Encoding.UTF8.GetString(data))
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
        if (_line.Length == 0)
        {
            return;
        }
        var line = _line.ToString().TrimEnd('\r');
        _line.Clear();
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
