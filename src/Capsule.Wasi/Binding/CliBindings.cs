using Capsule.Runtime.Native;
using Capsule.Wasi.Cli;
using static Capsule.Wasi.Binding.BindingHelpers;

namespace Capsule.Wasi.Binding;

/// <summary>wasi:cli: environment, exit, stdio and terminals (there is never a terminal).</summary>
internal static class CliBindings
{
    public static IEnumerable<HostInterface> Create()
    {
        var environment = new HostInterface(WasiTypes.Interface("wasi:cli/environment"));
        environment.Functions["get-environment"] = (store, _, results) =>
        {
            var variables = store.State.Get<CliState>().Environment;
            results[0].SetList(variables.Count);
            for (var i = 0; i < variables.Count; i++)
            {
                var pair = results[0].Item(i);
                pair.SetTuple(2);
                pair.Item(0).SetString(variables[i].Key);
                pair.Item(1).SetString(variables[i].Value);
            }
        };
        environment.Functions["get-arguments"] = (store, _, results) =>
        {
            var arguments = store.State.Get<CliState>().Arguments;
            results[0].SetList(arguments.Count);
            for (var i = 0; i < arguments.Count; i++)
            {
                results[0].Item(i).SetString(arguments[i]);
            }
        };
        // No working directory is granted; the guest resolves paths against its preopens.
        environment.Functions["initial-cwd"] = (_, _, results) => results[0].SetNone();
        yield return environment;

        var exit = new HostInterface(WasiTypes.Interface("wasi:cli/exit"));
        exit.Functions["exit"] = (store, args, _) =>
        {
            var status = args[0].IsOk(out var _, out var _) ? 0 : 1;
            store.State.Get<CliState>().ExitStatus = status;
            throw new WasiExitException(status);
        };
        yield return exit;

        var stdin = new HostInterface(WasiTypes.Interface("wasi:cli/stdin"));
        stdin.Functions["get-stdin"] = (store, _, results) => results[0].SetOwn(store, WasiTypes.InputStream, new SharedInput(store.State.Get<CliState>().Stdin));
        yield return stdin;

        var stdout = new HostInterface(WasiTypes.Interface("wasi:cli/stdout"));
        stdout.Functions["get-stdout"] = (store, _, results) => results[0].SetOwn(store, WasiTypes.OutputStream, new SharedOutput(store.State.Get<CliState>().Stdout));
        yield return stdout;

        var stderr = new HostInterface(WasiTypes.Interface("wasi:cli/stderr"));
        stderr.Functions["get-stderr"] = (store, _, results) => results[0].SetOwn(store, WasiTypes.OutputStream, new SharedOutput(store.State.Get<CliState>().Stderr));
        yield return stderr;

        var terminalInput = new HostInterface(WasiTypes.Interface("wasi:cli/terminal-input"));
        terminalInput.Resources["terminal-input"] = (WasiTypes.TerminalInput, Drop);
        yield return terminalInput;

        var terminalOutput = new HostInterface(WasiTypes.Interface("wasi:cli/terminal-output"));
        terminalOutput.Resources["terminal-output"] = (WasiTypes.TerminalOutput, Drop);
        yield return terminalOutput;

        foreach (var name in new[] { "stdin", "stdout", "stderr" })
        {
            var terminal = new HostInterface(WasiTypes.Interface($"wasi:cli/terminal-{name}"));
            terminal.Functions[$"get-terminal-{name}"] = (_, _, results) => results[0].SetNone();
            yield return terminal;
        }
    }

    // get-stdout may be called many times; each handle the guest drops must
    // not close the one stream the context owns, so handles wrap it.
    private sealed class SharedOutput(Io.OutputStream inner) : Io.OutputStream
    {
        public override ulong CheckWrite() => inner.CheckWrite();

        public override void Write(ReadOnlySpan<byte> contents) => inner.Write(contents);

        public override void Flush() => inner.Flush();

        public override void BlockingFlush(Runtime.Running.RunDeadline deadline) => inner.BlockingFlush(deadline);

        public override Io.Pollable Subscribe() => inner.Subscribe();
    }

    private sealed class SharedInput(Io.InputStream inner) : Io.InputStream
    {
        public override byte[] Read(ulong length) => inner.Read(length);

        public override byte[] BlockingRead(ulong length, Runtime.Running.RunDeadline deadline) => inner.BlockingRead(length, deadline);

        public override Io.Pollable Subscribe() => inner.Subscribe();
    }
}
