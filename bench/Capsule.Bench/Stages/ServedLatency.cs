using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Capsule.Hosting.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Capsule.Bench.Stages;

/// <summary>
/// Whole requests over one keep-alive loopback connection, one at a time:
/// bare Kestrel answering "hello from wat\n" beside the real
/// <see cref="CapsuleServer"/> serving the minimal guest (access log on, to a
/// null stream), both in this process. Their difference is what the serving
/// path adds on top of Kestrel and the socket.
/// </summary>
internal static class ServedLatency
{
    private static readonly byte[] Get = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    public static async Task<WebApplication> StartBareKestrel()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.AddServerHeader = false;
        });
        var web = builder.Build();
        web.Run(context => context.Response.WriteAsync("hello from wat\n"));
        await web.StartAsync();
        return web;
    }

    public static async Task<WebApplication> StartCapsule(MinimalApp minimal)
    {
        var options = new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0)) { IdleSlotReleaseInterval = TimeSpan.Zero };
        var web = CapsuleServer.Build(minimal.App, minimal.Host, options, logging => logging.AddProvider(new BatchedConsoleLoggerProvider(Stream.Null)));
        await web.StartAsync();
        return web;
    }

    /// <summary>
    /// CapsuleServer's Kestrel set-up with the terminal middleware timed: how
    /// long <see cref="WasiHttpHandler.HandleAsync"/> takes, from Kestrel's call
    /// to its task's end (samples collected in <see cref="MiddlewareTicks"/>).
    /// </summary>
    public static async Task<WebApplication> StartTimedCapsule(MinimalApp minimal)
    {
        var options = new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0));
        var admission = Hosting.Admission.AdmissionSizing.For(minimal.App, minimal.Host, options.Admission);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new BatchedConsoleLoggerProvider(Stream.Null));
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Listen);
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
            kestrel.ResponseHeaderEncodingSelector = _ => Encoding.Latin1;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadersBytes;
        });
        var web = builder.Build();
        var loggers = web.Services.GetRequiredService<ILoggerFactory>();
        // Instance reuse stays off for the minimal app (its default): the pool only exists.
        var warm = new Hosting.Reuse.WarmInstances(minimal.App, minimal.Host, admission, loggers.CreateLogger<Hosting.Reuse.WarmInstances>());
        var shutdown = new ShutdownCut(web.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(), options);
        var handler = new WasiHttpHandler(minimal.App, minimal.Host, admission, warm, options, shutdown, loggers.CreateLogger<WasiHttpHandler>());
        web.Run(async context =>
        {
            var started = Stopwatch.GetTimestamp();
            await handler.HandleAsync(context);
            MiddlewareTicks.Add(Stopwatch.GetTimestamp() - started);
        });
        await web.StartAsync();
        return web;
    }

    public static List<long> MiddlewareTicks { get; } = [];

    public static int Port(WebApplication web) =>
        new Uri(web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    /// <summary>The median time of <paramref name="count"/> requests after <paramref name="warmup"/>, in microseconds.</summary>
    public static double MedianMicroseconds(int port, int warmup, int count)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(IPAddress.Loopback, port);
        var buffer = new byte[4096];
        var ticks = new long[count];
        for (var i = 0; i < warmup + count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            socket.Send(Get);
            ReadResponse(socket, buffer);
            if (i >= warmup)
            {
                ticks[i - warmup] = Stopwatch.GetTimestamp() - started;
            }
        }
        return StageClock.Median(ticks);
    }

    // Enough HTTP/1.1 for these two servers: a 200 with content-length or a chunked body.
    private static void ReadResponse(Socket socket, byte[] buffer)
    {
        var length = 0;
        while (true)
        {
            var read = socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("the server closed the connection");
            }
            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }
            if (!text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
            {
                throw new IOException($"unexpected response: {text}");
            }
            var headers = text[..end].ToLowerInvariant();
            var lengthAt = headers.IndexOf("content-length: ", StringComparison.Ordinal);
            if (lengthAt >= 0)
            {
                var value = headers[(lengthAt + 16)..].Split('\r')[0];
                if (length >= end + 4 + int.Parse(value, System.Globalization.CultureInfo.InvariantCulture))
                {
                    return;
                }
            }
            else if (text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
            {
                return;
            }
        }
    }
}
