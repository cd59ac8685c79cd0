using System.Text;

namespace Capsule.Runtime.Native;

/// <summary>The one converter for <c>wasmtime_error_t*</c>: message and exit status out, error freed.</summary>
internal static unsafe class NativeError
{
    /// <summary>Throws for a non-null error (and frees it); returns for null.</summary>
    public static void ThrowIfError(IntPtr error, string action, Exception? hostCause = null)
    {
        if (error != IntPtr.Zero)
        {
            throw ToException(error, action, hostCause);
        }
    }

    public static ComponentCallException ToException(IntPtr error, string action, Exception? hostCause = null)
    {
        try
        {
            ComponentNative.wasmtime_error_message(error, out var name);
            var message = name.Size == 0 ? "unknown error" : Encoding.UTF8.GetString((byte*)name.Data, checked((int)name.Size));
            ComponentNative.wasm_byte_vec_delete(ref name);
            int? exitCode = ComponentNative.wasmtime_error_exit_status(error, out var status) ? status : null;
            return new ComponentCallException($"{action}: {message}", message, exitCode, hostCause);
        }
        finally
        {
            ComponentNative.wasmtime_error_delete(error);
        }
    }

    /// <summary>A new error for Wasmtime to own: what a host callback returns to trap the guest.</summary>
    public static IntPtr New(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message + "\0");
        fixed (byte* p = bytes)
        {
            return ComponentNative.wasmtime_error_new(p);
        }
    }
}
