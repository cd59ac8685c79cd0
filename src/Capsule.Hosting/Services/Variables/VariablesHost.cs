using Capsule.Wit.Bindings;
using Config = Capsule.Hosting.Generated.Wasi.Config.Store;
using Spin2 = Capsule.Hosting.Generated.Fermyon.Spin.Variables;

namespace Capsule.Hosting.Services.Variables;

/// <summary>
/// <c>fermyon:spin/variables@2.0.0</c> and <c>wasi:config/store</c> for one instance: its component's
/// variables (none when <paramref name="variables"/> is null). The one place errors are mapped:
/// wasi:config answers none for an undefined or invalid name, as Spin does.
/// </summary>
internal sealed class VariablesHost(ComponentVariables? variables) : Spin2.IVariables, Config.IStore
{
    Result<string, Spin2.Error> Spin2.IVariables.Get(string name)
    {
        try
        {
            return Read(name);
        }
        catch (VariableException e)
        {
            return e.Error switch
            {
                VariableError.InvalidName x => new Spin2.Error.InvalidName(x.Message),
                VariableError.Undefined x => new Spin2.Error.Undefined(x.Message),
                VariableError.Provider x => new Spin2.Error.Provider(x.Message),
                VariableError.Other x => new Spin2.Error.Other(x.Message),
                _ => new Spin2.Error.Other(e.Message),
            };
        }
    }

    Result<string?, Config.Error> Config.IStore.Get(string key)
    {
        try
        {
            return Read(key);
        }
        catch (VariableException e)
        {
            return e.Error switch
            {
                VariableError.InvalidName or VariableError.Undefined => Result<string?, Config.Error>.Ok(null),
                VariableError.Provider x => new Config.Error.Upstream(x.Message),
                _ => new Config.Error.Io(e.Message),
            };
        }
    }

    Result<IReadOnlyList<(string, string)>, Config.Error> Config.IStore.GetAll() =>
        Result<IReadOnlyList<(string, string)>, Config.Error>.Ok(
            variables is null ? [] : [.. variables.Variables.GetAll(variables.ComponentId).Select(v => (v.Key, v.Value))]);

    private string Read(string name) =>
        variables is null
            ? throw new VariableException(new VariableError.Undefined($"no variable \"{name}\" for this component"))
            : variables.Variables.Get(variables.ComponentId, name);
}
