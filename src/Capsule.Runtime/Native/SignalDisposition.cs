using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>
/// Signal dispositions a process inherits. A signal ignored when the process starts (<c>nohup</c>
/// ignores SIGHUP for what it runs) stays ignored through exec, and .NET then never hands it to a
/// <see cref="PosixSignalRegistration"/>. A server that gives a signal a meaning of its own (SIGHUP:
/// reload) takes it back first, as nginx does, so <c>nohup capsule up …</c> still reloads.
/// </summary>
public static partial class SignalDisposition
{
    /// <summary>SIGHUP's number on Linux.</summary>
    public const int HangUp = 1;

    /// <summary>Makes <paramref name="signal"/>'s disposition the default if it was inherited ignored.</summary>
    public static void Restore(int signal)
    {
        // SIG_IGN is 1, SIG_DFL 0: set the default, and put a handler that was not "ignore" back as it was.
        var previous = Signal(signal, 0);
        if (previous != 1)
        {
            Signal(signal, previous);
        }
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
