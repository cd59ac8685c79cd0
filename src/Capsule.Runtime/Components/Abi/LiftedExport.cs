using Capsule.Runtime.Native;

namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// One lifted export of an instance (<c>canon lift</c>): its core function, whose core type was checked when this
/// was made (the call is unchecked), and the canonical options it was lifted with. Generated
/// <c>{Interface}Exports</c> start each call with <see cref="Begin"/>.
/// </summary>
public sealed class LiftedExport
{
    private readonly IntPtr _context;
    private readonly CanonOptions _options;
    private readonly WasmtimeFunc _func;

    /// <summary>
    /// The export <paramref name="name"/>: core function <paramref name="func"/> of the store <paramref name="context"/>,
    /// checked to be of <paramref name="coreType"/> (throws otherwise), lifted with <paramref name="options"/>.
    /// </summary>
    internal LiftedExport(string name, IntPtr context, InstanceState state, CanonOptions options, in WasmtimeFunc func, CoreFuncType coreType)
    {
        CoreCalls.CheckType(context, func, coreType, name);
        Name = name;
        CoreType = coreType;
        State = state;
        _context = context;
        _options = options;
        _func = func;
    }

    /// <summary>The export's name (<c>wasi:http/incoming-handler@0.2.12#handle</c>).</summary>
    public string Name { get; }

    /// <summary>The core type of the function (<see cref="CoreFuncType.ForLift"/> of its flattening).</summary>
    public CoreFuncType CoreType { get; }

    /// <summary>The instance's state.</summary>
    public InstanceState State { get; }

    /// <summary>Starts one call: traps when the instance is already running an export (<c>may_enter</c>) or a realloc/post-return.</summary>
    public LiftedCall Begin() => new(_context, State, _options, _func);
}

/// <summary>
/// How generated <c>{Interface}Exports</c> find an instance's lifted exports: <paramref name="name"/> is
/// <c>{interface}#{function}</c> as generated (<c>wasi:cli/run@0.2.12#run</c>; a function the world exports itself by its
/// bare name) and <paramref name="coreType"/> the core type the caller lowers into. Return null when the instance has no
/// such export; a lookup matches interface versions by the semver rule (<c>InterfaceVersions</c>) and checks the core type.
/// </summary>
public delegate LiftedExport? LiftedExportLookup(string name, CoreFuncType coreType);
