namespace Capsule.Runtime.Tests.Components.Running;

/// <summary>WAT text (core modules and components) to binary through Wasmtime's own parser.</summary>
internal static class Wat
{
    public static byte[] ToBinary(string wat) => Wasmtime.Module.ConvertText(wat).ToArray();
}
