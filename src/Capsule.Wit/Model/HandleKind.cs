namespace Capsule.Wit.Model;

/// <summary>Whether a handle passes ownership of a resource or lends it for the call.</summary>
public enum HandleKind
{
    /// <summary><c>own&lt;R&gt;</c>, or the resource's bare name.</summary>
    Own,
    /// <summary><c>borrow&lt;R&gt;</c>.</summary>
    Borrow,
}
