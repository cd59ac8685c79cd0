using Microsoft.AspNetCore.Http;

namespace Capsule.Hosting.Http;

/// <summary>
/// One loaded version of the app as served: its components, admission gate, kept instances and
/// handler. Requests enter and leave it; once retired (a newer version serves) it is released when
/// the last request in flight on it has left: kept instances dropped, compiled code freed.
/// </summary>
public sealed class AppVersion
{
    private readonly IDisposable? _owned;
    private readonly bool _releasesApp;
    private readonly Action<AppVersion> _released;
    private int _inFlight;
    private int _retired;
    private int _releaseStarted;

    internal AppVersion(int number, LoadedApp app, IServiceProvider services, WasiHttpHandler handler, IDisposable? owned, bool releasesApp, Action<AppVersion> released)
    {
        Number = number;
        App = app;
        Services = services;
        Handler = handler;
        _owned = owned;
        _releasesApp = releasesApp;
        _released = released;
    }

    /// <summary>1 for the version <c>capsule up</c> started with, then one more per successful reload.</summary>
    public int Number { get; }

    /// <summary>The app this version serves.</summary>
    public LoadedApp App { get; }

    /// <summary>The services its requests see (its admission gate, kept instances, WAGI handler).</summary>
    public IServiceProvider Services { get; }

    /// <summary>Its request handler.</summary>
    public WasiHttpHandler Handler { get; }

    /// <summary>Requests being served by this version now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Whether it has been released (retired and drained).</summary>
    public bool Released => Volatile.Read(ref _releaseStarted) == 1;

    /// <summary>Enters this version for one request; false (nothing done) when it was retired first.</summary>
    internal bool TryEnter()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _retired) == 1)
        {
            Leave();
            return false;
        }
        return true;
    }

    internal async Task Serve(HttpContext context, bool ownServices)
    {
        try
        {
            if (ownServices)
            {
                context.RequestServices = Services;
            }
            await Handler.HandleAsync(context);
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>No new requests; released once those in flight have finished.</summary>
    internal void Retire()
    {
        Volatile.Write(ref _retired, 1);
        if (Volatile.Read(ref _inFlight) == 0)
        {
            Release();
        }
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _retired) == 1)
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _releaseStarted, 1) == 1)
        {
            return;
        }
        // Off the request's thread: dropping kept instances and compiled code takes a while.
        ThreadPool.QueueUserWorkItem(_ =>
        {
            _owned?.Dispose();
            if (_releasesApp)
            {
                App.Dispose();
            }
            _released(this);
        });
    }
}
