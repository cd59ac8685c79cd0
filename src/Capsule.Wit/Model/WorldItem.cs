namespace Capsule.Wit.Model;

/// <summary>
/// One import or export of a world. <see cref="Name"/> is what the component uses: the qualified
/// interface name (<c>wasi:io/streams@0.2.12</c>) for an interface named by path, else the plain name.
/// </summary>
public abstract record WorldItem(string Name, string Docs, Gate Gate);
