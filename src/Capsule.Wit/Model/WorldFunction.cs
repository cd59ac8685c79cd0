namespace Capsule.Wit.Model;

/// <summary>A function imported or exported by a world directly (<c>import name: func(..)</c>).</summary>
public sealed record WorldFunction(string Name, string Docs, Gate Gate, Function Function) : WorldItem(Name, Docs, Gate);
