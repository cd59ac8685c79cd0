namespace Capsule.Plugins.Failures;

/// <summary>
/// A plugin call failed. Only that call: the host goes on, and the instance that failed is never
/// used again (the next call gets a fresh one). The subtypes say why.
/// </summary>
public abstract class PluginException : Exception
{
    /// <summary>A failure of <paramref name="function"/> of <paramref name="plugin"/>, described by <paramref name="cause"/>.</summary>
    protected PluginException(string plugin, string function, string cause, Exception? inner = null)
        : base($"plugin {plugin}: {function}: {cause}", inner)
    {
        Plugin = plugin;
        Function = function;
        Cause = cause;
    }

    /// <summary>The plugin's name (its file name unless given one).</summary>
    public string Plugin { get; }

    /// <summary>The export that was called.</summary>
    public string Function { get; }

    /// <summary>What went wrong, in one line.</summary>
    public string Cause { get; }
}

/// <summary>The guest trapped (unreachable, out-of-bounds access, a host function's refusal...).</summary>
public sealed class PluginTrapException(string plugin, string function, string kind, string cause, IReadOnlyList<string> backtrace, Exception? inner = null)
    : PluginException(plugin, function, cause, inner)
{
    /// <summary>Short name of the trap, e.g. <c>unreachable</c>.</summary>
    public string Kind { get; } = kind;

    /// <summary>Guest frames, innermost first.</summary>
    public IReadOnlyList<string> Backtrace { get; } = backtrace;
}

/// <summary>The call ran past its wall-clock limit and was stopped.</summary>
public sealed class PluginTimeoutException(string plugin, string function, TimeSpan limit, Exception? inner = null)
    : PluginException(plugin, function, $"the call's time limit of {Capsule.Runtime.Grants.Duration.Format(limit)} passed", inner)
{
    /// <summary>The limit that passed.</summary>
    public TimeSpan Limit { get; } = limit;
}

/// <summary>The call was cancelled by its caller and the guest was stopped.</summary>
public sealed class PluginCancelledException(string plugin, string function, Exception? inner = null)
    : PluginException(plugin, function, "the call was cancelled", inner);

/// <summary>The call ran out of fuel (its deterministic instruction budget).</summary>
public sealed class PluginFuelException(string plugin, string function, ulong fuel, Exception? inner = null)
    : PluginException(plugin, function, $"the call's fuel of {fuel} ran out", inner)
{
    /// <summary>The budget that ran out.</summary>
    public ulong Fuel { get; } = fuel;
}

/// <summary>The guest reached its memory limit and could not go on.</summary>
public sealed class PluginMemoryException(string plugin, string function, long limitBytes, string detail, Exception? inner = null)
    : PluginException(plugin, function, $"memory limit of {Capsule.Runtime.Grants.ByteSize.Format(limitBytes)} reached ({detail})", inner)
{
    /// <summary>The limit that was reached, in bytes.</summary>
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>
/// The plugin itself reported a failure: an Extism plugin set an error (<c>extism_error_set</c>) or
/// returned a non-zero code. The instance is sound; it is still replaced, as after any failure.
/// </summary>
public sealed class PluginErrorException(string plugin, string function, string message, int code)
    : PluginException(plugin, function, message)
{
    /// <summary>The code the export returned (0 when it set an error and returned 0).</summary>
    public int Code { get; } = code;
}
