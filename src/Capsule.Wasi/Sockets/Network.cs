namespace Capsule.Wasi.Sockets;

/// <summary>
/// wasi:sockets network: the handle instance-network returns. Capsule grants
/// no socket access yet, so every operation that would use it is denied.
/// </summary>
public sealed class Network;
