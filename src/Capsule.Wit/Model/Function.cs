namespace Capsule.Wit.Model;

/// <summary>
/// A WIT function. A method's <see cref="Params"/> start with the implicit <c>self: borrow&lt;resource&gt;</c>,
/// in the order the canonical ABI passes them.
/// </summary>
/// <param name="Name">Its name as written; <c>constructor</c> for a constructor.</param>
/// <param name="Kind">Freestanding, or a resource's method, static function or constructor.</param>
/// <param name="Resource">The resource it belongs to, or null when freestanding.</param>
/// <param name="Params">Its parameters in order.</param>
/// <param name="Result">Its result type, or null when it returns nothing.</param>
/// <param name="IsAsync">Written <c>async func</c> (WASI 0.3).</param>
/// <param name="Docs">Its doc comment, or empty.</param>
/// <param name="Gate">Its feature gate.</param>
public sealed record Function(
    string Name,
    FunctionKind Kind,
    ResourceDef? Resource,
    IReadOnlyList<Param> Params,
    WitType? Result,
    bool IsAsync,
    string Docs,
    Gate Gate)
{
    /// <summary>
    /// The name a component instance exports or imports it by: <c>name</c>, <c>[method]res.name</c>,
    /// <c>[static]res.name</c> or <c>[constructor]res</c> (the key host functions are linked under).
    /// </summary>
    public string ExternName => Kind switch
    {
        FunctionKind.Method => $"[method]{Resource!.Name}.{Name}",
        FunctionKind.Static => $"[static]{Resource!.Name}.{Name}",
        FunctionKind.Constructor => $"[constructor]{Resource!.Name}",
        _ => Name,
    };
}
