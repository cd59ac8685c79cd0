using Capsule.Runtime.Engine;

namespace Capsule.Plugins.Tests;

/// <summary>One engine (and its epoch ticker) for a test class.</summary>
public sealed class EngineFixture : IDisposable
{
    public CapsuleEngine Engine { get; } = new();

    public void Dispose() => Engine.Dispose();
}
