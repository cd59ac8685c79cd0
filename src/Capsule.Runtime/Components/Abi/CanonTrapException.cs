namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// A trap the canonical ABI requires (a pointer out of bounds, a bad discriminant, an unknown handle...).
/// Thrown by the layer's checks; the host-function trampoline turns it into a wasm trap with this message
/// and keeps the exception as the call's cause.
/// </summary>
public sealed class CanonTrapException(string message) : Exception(message);
