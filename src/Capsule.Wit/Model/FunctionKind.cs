namespace Capsule.Wit.Model;

/// <summary>What a function belongs to.</summary>
public enum FunctionKind
{
    /// <summary>A plain function of an interface or world.</summary>
    Freestanding,
    /// <summary>A resource method; its first parameter is <c>self: borrow&lt;resource&gt;</c>.</summary>
    Method,
    /// <summary>A resource's <c>static</c> function.</summary>
    Static,
    /// <summary>A resource's <c>constructor</c>; its result is <c>own&lt;resource&gt;</c> unless written.</summary>
    Constructor,
}
