using Capsule.Shim.Container;
using Capsule.Shim.Protocol;
using Capsule.Shim.Protocol.Events;
using Capsule.Shim.Ttrpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Capsule.Shim;

/// <summary>
/// containerd's shim v2 Task service (<c>containerd.task.v2.Task</c>) for the
/// one task this shim runs. Exec, Pause, Resume, Checkpoint, ResizePty and
/// Update are answered "not supported" (a Wasm app has no processes to add and
/// no state to freeze), as runwasi's shims answer them.
/// </summary>
internal sealed class TaskService(EventPublisher events) : IDisposable
{
    /// <summary>The service name in ttrpc requests.</summary>
    public const string ServiceName = "containerd.task.v2.Task";

    private readonly SemaphoreSlim _createLock = new(1, 1);
    private ShimTask? _task;
    private bool _deleted;

    /// <summary>True once Shutdown was accepted: the process exits after answering it.</summary>
    public bool ShutdownAccepted { get; private set; }

    /// <summary>Answers one call.</summary>
    public async Task<IMessage> HandleAsync(string service, string method, ByteString payload, CancellationToken cancellation)
    {
        if (service != ServiceName)
        {
            throw new TtrpcException(StatusCode.Unimplemented, $"service {service} is not served by containerd-shim-capsule-v1");
        }
        return method switch
        {
            "Create" => await CreateAsync(CreateTaskRequest.Parser.ParseFrom(payload)),
            "Start" => await StartAsync(StartRequest.Parser.ParseFrom(payload), cancellation),
            "State" => State(StateRequest.Parser.ParseFrom(payload)),
            "Kill" => Kill(KillRequest.Parser.ParseFrom(payload)),
            "Wait" => await WaitAsync(WaitRequest.Parser.ParseFrom(payload), cancellation),
            "Delete" => await DeleteAsync(DeleteRequest.Parser.ParseFrom(payload)),
            "Pids" => Pids(PidsRequest.Parser.ParseFrom(payload)),
            "Stats" => Stats(StatsRequest.Parser.ParseFrom(payload)),
            "Connect" => new ConnectResponse { ShimPid = ShimTask.Pid, TaskPid = _task is null ? 0 : ShimTask.Pid, Version = "capsule" },
            "Shutdown" => Shutdown(ShutdownRequest.Parser.ParseFrom(payload)),
            "CloseIO" => new Empty(), // the app reads no stdin
            "Exec" or "Pause" or "Resume" or "Checkpoint" or "ResizePty" or "Update" =>
                throw new TtrpcException(StatusCode.Unimplemented, $"{method} is not supported by containerd-shim-capsule-v1"),
            _ => throw new TtrpcException(StatusCode.Unimplemented, $"unknown method {method}"),
        };
    }

    /// <inheritdoc/>
    public void Dispose() => _createLock.Dispose();

    private async Task<IMessage> CreateAsync(CreateTaskRequest request)
    {
        await _createLock.WaitAsync();
        try
        {
            if (_task is not null)
            {
                throw new TtrpcException(StatusCode.AlreadyExists, $"task {_task.Request.Id} already exists in this shim");
            }
            // Loading compiles the app's components (seconds for a big one): off the connection's thread.
            _task = await Task.Run(() => ShimTask.Create(request));
        }
        finally
        {
            _createLock.Release();
        }
        events.Publish("/tasks/create", new TaskCreate
        {
            ContainerId = request.Id,
            Bundle = request.Bundle,
            Rootfs = { request.Rootfs },
            Io = new TaskIO { Stdin = request.Stdin, Stdout = request.Stdout, Stderr = request.Stderr, Terminal = request.Terminal },
            Pid = ShimTask.Pid,
        });
        return new CreateTaskResponse { Pid = ShimTask.Pid };
    }

    private async Task<IMessage> StartAsync(StartRequest request, CancellationToken cancellation)
    {
        var task = Find(request.Id, request.ExecId);
        await task.StartAsync(cancellation);
        events.Publish("/tasks/start", new TaskStart { ContainerId = task.Request.Id, Pid = ShimTask.Pid });
        _ = task.Exited.ContinueWith(_ => events.Publish("/tasks/exit", new TaskExit
        {
            ContainerId = task.Request.Id,
            Id = task.Request.Id,
            Pid = ShimTask.Pid,
            ExitStatus = task.ExitStatus,
            ExitedAt = Timestamp.FromDateTime(task.ExitedAt),
        }), TaskScheduler.Default);
        return new StartResponse { Pid = ShimTask.Pid };
    }

    private StateResponse State(StateRequest request)
    {
        var task = Find(request.Id, request.ExecId);
        var state = new StateResponse
        {
            Id = task.Request.Id,
            Bundle = task.Request.Bundle,
            Pid = ShimTask.Pid,
            Status = task.Status,
            Stdin = task.Request.Stdin,
            Stdout = task.Request.Stdout,
            Stderr = task.Request.Stderr,
            ExitStatus = task.ExitStatus,
        };
        if (task.Status == Status.Stopped)
        {
            state.ExitedAt = Timestamp.FromDateTime(task.ExitedAt);
        }
        return state;
    }

    private Empty Kill(KillRequest request)
    {
        Find(request.Id, request.ExecId).Kill(request.Signal);
        return new Empty();
    }

    private async Task<IMessage> WaitAsync(WaitRequest request, CancellationToken cancellation)
    {
        var task = Find(request.Id, request.ExecId);
        await task.Exited.WaitAsync(cancellation);
        return new WaitResponse { ExitStatus = task.ExitStatus, ExitedAt = Timestamp.FromDateTime(task.ExitedAt) };
    }

    private async Task<IMessage> DeleteAsync(DeleteRequest request)
    {
        var task = Find(request.Id, request.ExecId);
        await task.DeleteAsync();
        _deleted = true;
        var exitedAt = Timestamp.FromDateTime(task.ExitedAt);
        events.Publish("/tasks/delete", new TaskDelete
        {
            ContainerId = task.Request.Id,
            Id = task.Request.Id,
            Pid = ShimTask.Pid,
            ExitStatus = task.ExitStatus,
            ExitedAt = exitedAt,
        });
        return new DeleteResponse { Pid = ShimTask.Pid, ExitStatus = task.ExitStatus, ExitedAt = exitedAt };
    }

    private PidsResponse Pids(PidsRequest request)
    {
        Find(request.Id, "");
        return new PidsResponse { Processes = { new ProcessInfo { Pid = ShimTask.Pid } } };
    }

    private StatsResponse Stats(StatsRequest request)
    {
        Find(request.Id, "");
        var metrics = Container.CgroupMetrics.Read();
        // containerd's typeurl names the type by its proto name alone.
        return new StatsResponse { Stats = new Any { TypeUrl = Protocol.Cgroups.Metrics.Descriptor.FullName, Value = metrics.ToByteString() } };
    }

    private Empty Shutdown(ShutdownRequest request)
    {
        // containerd asks after every Delete; a task still alive keeps the shim unless `now`.
        if (request.Now || _task is null || _deleted)
        {
            ShutdownAccepted = true;
            events.Flush(TimeSpan.FromSeconds(5));
        }
        return new Empty();
    }

    private ShimTask Find(string id, string execId)
    {
        if (_task is null || _task.Request.Id != id)
        {
            throw new TtrpcException(StatusCode.NotFound, $"task {id} not found");
        }
        if (execId.Length > 0)
        {
            throw new TtrpcException(StatusCode.NotFound, $"exec {execId} not found: containerd-shim-capsule-v1 does not support exec");
        }
        return _task;
    }
}
