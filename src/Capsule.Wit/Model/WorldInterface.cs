namespace Capsule.Wit.Model;

/// <summary>An interface imported or exported by a world, named by path or written inline.</summary>
public sealed record WorldInterface(string Name, string Docs, Gate Gate, Interface Interface) : WorldItem(Name, Docs, Gate);
