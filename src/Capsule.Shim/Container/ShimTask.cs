using Capsule.Runtime.Configuration;
using Capsule.Shim.Native;
using Capsule.Shim.Protocol;
using Capsule.Shim.Ttrpc;
using Microsoft.AspNetCore.Builder;

namespace Capsule.Shim.Container;

/// <summary>
/// One task (the pod's container): created from its bundle, served in this
/// process, stopped by a signal. Its "process" is the shim itself: the pid
/// containerd sees is the shim's, and the exit status is the app's: 0 after a
/// graceful stop (SIGTERM, SIGINT: in-flight requests finish), 128+signal after
/// a forced one (SIGKILL), 1 when serving failed.
/// </summary>
internal sealed class ShimTask
{
    private const int SigKill = 9;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<uint> _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ServedApp? _app;

    private readonly bool _sandbox;

    private ShimTask(CreateTaskRequest request, ServedApp? app)
    {
        (Request, _app, _sandbox) = (request, app, app is null);
    }

    /// <summary>The Create request (id, bundle, stdio paths).</summary>
    public CreateTaskRequest Request { get; }

    /// <summary>Created, running or stopped.</summary>
    public Status Status { get; private set; } = Status.Created;

    /// <summary>The exit status once stopped.</summary>
    public uint ExitStatus { get; private set; }

    /// <summary>When it stopped.</summary>
    public DateTime ExitedAt { get; private set; }

    /// <summary>Completes when the task has stopped.</summary>
    public Task Exited => _exited.Task;

    /// <summary>The pid containerd sees (the shim's: the app runs in it).</summary>
    public static uint Pid => (uint)Environment.ProcessId;

    /// <summary>The rootfs folder of the bundle.</summary>
    public string Rootfs => Path.Combine(Request.Bundle, "rootfs");

    /// <summary>
    /// Mounts the rootfs, sends stdout/stderr to containerd's fifos, finds and
    /// loads the app. Any failure undoes the mounts and is a <see cref="TtrpcException"/> naming the cause.
    /// </summary>
    public static ShimTask Create(CreateTaskRequest request)
    {
        if (request.Terminal)
        {
            throw new TtrpcException(StatusCode.InvalidArgument, "a Capsule task has no terminal (run it without -t/--tty)");
        }
        var spec = LoadSpec(request.Bundle);
        var rootfs = Path.Combine(request.Bundle, spec.RootPath);
        try
        {
            if (request.Rootfs.Count > 0)
            {
                RootfsMounts.MountAll(request.Rootfs, rootfs);
            }
            // Console's writers hold a duplicate of the descriptor they were made on (the serving
            // process's first stdio): new ones on the redirected descriptors reach the fifos.
            if (request.Stdout.Length > 0)
            {
                Libc.Redirect(request.Stdout, 1);
                Console.SetOut(new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true });
            }
            if (request.Stderr.Length > 0)
            {
                Libc.Redirect(request.Stderr, 2);
                Console.SetError(new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true });
            }
            if (spec.IsSandbox)
            {
                // A pod's sandbox ("pause") container holds the pod's namespaces and runs nothing: it waits for its kill.
                return new ShimTask(request, null);
            }
            var manifest = BundleApp.FindManifest(rootfs, spec);
            ApplyVariables(spec);
            var app = ServedApp.Load(manifest, spec, message => Console.Error.WriteLine($"capsule: {message}"));
            return new ShimTask(request, app);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ManifestException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"capsule: error: {e.Message}");
            RootfsMounts.UnmountAll(rootfs);
            throw new TtrpcException(StatusCode.FailedPrecondition, e.Message);
        }
    }

    /// <summary>Starts listening; a failure (address in use) stops the task with exit status 1 and is reported.</summary>
    public async Task StartAsync(CancellationToken cancellation)
    {
        ServedApp? app;
        lock (_gate)
        {
            if (Status != Status.Created || (_app is null && !_sandbox))
            {
                throw new TtrpcException(StatusCode.FailedPrecondition, $"task {Request.Id} is {Status}, not created");
            }
            app = _app;
            Status = Status.Running;
        }
        if (app is null)
        {
            _ = Task.Run(() => ServeUntilStoppedAsync(null), CancellationToken.None);
            return;
        }
        try
        {
            await app.Web.StartAsync(cancellation);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"capsule: error: cannot listen on {app.Listen}: {e.Message}");
            MarkStopped(1);
            throw new TtrpcException(StatusCode.FailedPrecondition, $"cannot listen on {app.Listen}: {e.Message}");
        }
        Console.Out.WriteLine($"Serving {Request.Id} on http://{app.Listen}");
        Console.Out.Flush();
        _ = Task.Run(() => ServeUntilStoppedAsync(app), CancellationToken.None);
    }

    /// <summary>
    /// Stops the app: SIGKILL at once, any other signal gracefully. A task
    /// never started stops with 128+signal. Stopped already: NotFound, as runc says.
    /// </summary>
    public void Kill(uint signal)
    {
        lock (_gate)
        {
            if (Status == Status.Stopped)
            {
                throw new TtrpcException(StatusCode.NotFound, $"task {Request.Id}: process already finished");
            }
            if (Status == Status.Created)
            {
                MarkStopped(128 + signal);
                return;
            }
        }
        // A second signal while stopping: only SIGKILL can still shorten the stop, and the first one wins here.
        _stop.TrySetResult(signal);
    }

    /// <summary>Releases the app and the rootfs mounts (the task must have stopped).</summary>
    public async Task DeleteAsync()
    {
        ServedApp? app;
        lock (_gate)
        {
            if (Status == Status.Running)
            {
                throw new TtrpcException(StatusCode.FailedPrecondition, $"task {Request.Id} is running: kill it first");
            }
            if (Status == Status.Created)
            {
                MarkStopped(128 + SigKill);
            }
            (app, _app) = (_app, null);
        }
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        if (Request.Rootfs.Count > 0)
        {
            RootfsMounts.UnmountAll(Rootfs);
        }
    }

    private async Task ServeUntilStoppedAsync(ServedApp? app)
    {
        uint status;
        try
        {
            var signal = await _stop.Task;
            if (app is null)
            {
                MarkStoppedLocked(signal == SigKill ? 128 + SigKill : 0u);
                return;
            }
            // A forced stop cancels the graceful wait for in-flight requests.
            using var forced = new CancellationTokenSource();
            if (signal == SigKill)
            {
                forced.Cancel();
            }
            await app.Web.StopAsync(forced.Token);
            status = signal == SigKill ? 128 + SigKill : 0u;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"capsule: error: serving failed: {e.Message}");
            status = 1;
        }
        Console.Out.Flush();
        Console.Error.Flush();
        lock (_gate)
        {
            MarkStopped(status);
        }
    }

    private void MarkStoppedLocked(uint status)
    {
        lock (_gate)
        {
            MarkStopped(status);
        }
    }

    private void MarkStopped(uint status)
    {
        if (Status == Status.Stopped)
        {
            return;
        }
        (Status, ExitStatus, ExitedAt) = (Status.Stopped, status, DateTime.UtcNow);
        _exited.TrySetResult();
    }

    private static OciSpec LoadSpec(string bundle)
    {
        try
        {
            return OciSpec.Load(bundle);
        }
        catch (InvalidDataException e)
        {
            throw new TtrpcException(StatusCode.InvalidArgument, e.Message);
        }
    }

    // The app's variables come from the container's environment as capsule up
    // reads them from its own (CAPSULE_VARIABLE_X, SPIN_VARIABLE_X); nothing
    // else of it reaches the shim, so a pod cannot move the shim's caches or paths.
    private static void ApplyVariables(OciSpec spec)
    {
        foreach (var entry in spec.Env)
        {
            var equals = entry.IndexOf('=');
            if (equals > 0 && Capsule.Hosting.Services.Variables.EnvironmentVariableProvider.Prefixes.Any(p => entry.StartsWith(p, StringComparison.Ordinal)))
            {
                Environment.SetEnvironmentVariable(entry[..equals], entry[(equals + 1)..]);
            }
        }
    }
}
