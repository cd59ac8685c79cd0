namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// A core function type: the flattened params and results of a component function (canonical ABI
/// flattening). Past <see cref="MaxFlatParams"/> params the arguments are one i32 pointer; past
/// <see cref="MaxFlatResults"/> results a lowered import takes an extra i32 return pointer and a lifted
/// export returns one i32 pointer.
/// </summary>
public sealed record CoreFuncType(IReadOnlyList<CoreValType> Params, IReadOnlyList<CoreValType> Results)
{
    /// <summary>MAX_FLAT_PARAMS of the canonical ABI.</summary>
    public const int MaxFlatParams = 16;

    /// <summary>MAX_FLAT_RESULTS of the canonical ABI (synchronous functions).</summary>
    public const int MaxFlatResults = 1;

    /// <summary>How many <see cref="ValRaw"/> a call needs: the larger of params and results.</summary>
    public int SlotCount => Math.Max(Params.Count, Results.Count);

    /// <summary>
    /// The core type of a lowered import (guest calls host) whose component params and results flatten to
    /// <paramref name="flatParams"/> and <paramref name="flatResults"/>.
    /// </summary>
    public static CoreFuncType ForLower(IReadOnlyList<CoreValType> flatParams, IReadOnlyList<CoreValType> flatResults)
    {
        var parameters = flatParams.Count > MaxFlatParams ? [CoreValType.I32] : flatParams.ToList();
        if (flatResults.Count > MaxFlatResults)
        {
            parameters.Add(CoreValType.I32); // the return pointer the guest passes
            return new CoreFuncType(parameters, []);
        }
        return new CoreFuncType(parameters, flatResults.ToList());
    }

    /// <summary>The core type of a lifted export (host calls guest) of the given flattening.</summary>
    public static CoreFuncType ForLift(IReadOnlyList<CoreValType> flatParams, IReadOnlyList<CoreValType> flatResults) =>
        new(flatParams.Count > MaxFlatParams ? [CoreValType.I32] : flatParams.ToList(),
            flatResults.Count > MaxFlatResults ? [CoreValType.I32] : flatResults.ToList());

    /// <summary>
    /// The flat type two variant cases share at one position (the canonical ABI's <c>join</c>):
    /// equal types stay, i32 with f32 is i32, anything else is i64.
    /// </summary>
    public static CoreValType Join(CoreValType a, CoreValType b) =>
        a == b ? a
        : (a, b) is (CoreValType.I32, CoreValType.F32) or (CoreValType.F32, CoreValType.I32) ? CoreValType.I32
        : CoreValType.I64;

    /// <summary>Whether this type equals <paramref name="other"/> value by value (records compare lists by reference).</summary>
    public bool SameAs(CoreFuncType other) => Params.SequenceEqual(other.Params) && Results.SequenceEqual(other.Results);

    /// <inheritdoc/>
    public override string ToString() =>
        $"(func (param {string.Join(" ", Params).ToLowerInvariant()}) (result {string.Join(" ", Results).ToLowerInvariant()}))";
}
