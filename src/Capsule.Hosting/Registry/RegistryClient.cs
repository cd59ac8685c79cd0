using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Capsule.Hosting.Registry;

/// <summary>
/// The few calls of the OCI distribution API an app needs (blobs: HEAD, monolithic upload with
/// POST then PUT, GET; manifests: PUT, GET), for one repository. Authentication follows the
/// registry's challenge: Basic with the saved credential, or a Bearer token fetched from the
/// challenge's realm (with the credential, else anonymously). Every failure is a
/// <see cref="RegistryException"/> of one line. Not thread-safe: one operation at a time.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly OciReference _reference;
    private readonly RegistryCredential? _credential;
    private readonly string _scope;
    private readonly bool _insecure;
    private AuthenticationHeaderValue? _authorization;

    /// <summary>A client for <paramref name="reference"/>'s repository; <paramref name="insecure"/> speaks plain HTTP.</summary>
    public RegistryClient(OciReference reference, bool insecure, bool push, RegistryCredential? credential)
    {
        _reference = reference;
        _credential = credential;
        _insecure = insecure;
        _scope = $"repository:{reference.Repository}:{(push ? "pull,push" : "pull")}";
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15), AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false };
        _http = new HttpClient(handler)
        {
            BaseAddress = new Uri($"{(insecure ? "http" : "https")}://{reference.ApiHost}/v2/{reference.Repository}/"),
            Timeout = TimeSpan.FromMinutes(10),
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("capsule");
    }

    /// <summary>Whether the registry already holds blob <paramref name="digest"/>.</summary>
    public async Task<bool> HasBlob(string digest, CancellationToken cancellation)
    {
        using var response = await Send(() => new HttpRequestMessage(HttpMethod.Head, $"blobs/{digest}"), cancellation);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Uploads a blob in one request (POST for an upload URL, then PUT with the digest).</summary>
    public async Task PushBlob(string digest, Func<HttpContent> content, CancellationToken cancellation)
    {
        Uri location;
        using (var started = await Send(() => new HttpRequestMessage(HttpMethod.Post, "blobs/uploads/"), cancellation))
        {
            await Expect(started, HttpStatusCode.Accepted, $"cannot start the upload of {digest}", cancellation);
            location = started.Headers.Location
                ?? throw new RegistryException(RegistryFailure.Unavailable, $"registry {_reference.Registry} started an upload without saying where (no Location header)");
        }
        var target = location.IsAbsoluteUri ? location : new Uri(new Uri($"{_http.BaseAddress!.Scheme}://{_http.BaseAddress.Authority}"), location);
        if (target.Scheme is not ("http" or "https"))
        {
            throw new RegistryException(RegistryFailure.Unavailable, $"registry {_reference.Registry} sent an upload location that is not HTTP(S) ({target.Scheme}:): refused");
        }
        var separator = target.Query.Length > 0 ? "&" : "?";
        var put = new Uri(target + separator + "digest=" + Uri.EscapeDataString(digest));
        using var done = await Send(() => new HttpRequestMessage(HttpMethod.Put, put) { Content = content() }, cancellation);
        await Expect(done, HttpStatusCode.Created, $"cannot upload {digest}", cancellation);
    }

    /// <summary>Puts a manifest under <paramref name="tag"/>.</summary>
    public async Task PushManifest(string tag, byte[] manifest, string mediaType, CancellationToken cancellation)
    {
        using var response = await Send(() => new HttpRequestMessage(HttpMethod.Put, $"manifests/{tag}")
        {
            Content = new ByteArrayContent(manifest) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
        }, cancellation);
        await Expect(response, HttpStatusCode.Created, "cannot put the manifest", cancellation);
    }

    /// <summary>Gets the manifest <paramref name="reference"/> names (a tag or a digest), at most <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> PullManifest(string reference, int maxBytes, CancellationToken cancellation)
    {
        using var response = await Send(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"manifests/{reference}");
            request.Headers.Accept.ParseAdd(SpinMediaTypes.OciManifest);
            request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
            request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
            return request;
        }, cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new RegistryException(RegistryFailure.Unavailable, $"{_reference}: not found in the registry ({await ErrorText(response, cancellation)})");
        }
        await Expect(response, HttpStatusCode.OK, "cannot get the manifest", cancellation);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge("manifest", maxBytes);
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        using var buffer = new MemoryStream();
        await Stalling(BoundedCopy.To(body, buffer, maxBytes, () => TooLarge("manifest", maxBytes), cancellation), "the manifest");
        return buffer.ToArray();
    }

    /// <summary>Streams blob <paramref name="digest"/> into <paramref name="target"/>, refusing more than <paramref name="maxBytes"/>.</summary>
    public async Task PullBlob(string digest, Stream target, long maxBytes, CancellationToken cancellation)
    {
        using var response = await Send(() => new HttpRequestMessage(HttpMethod.Get, $"blobs/{digest}"), cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new RegistryException(RegistryFailure.Unavailable, $"{_reference}: layer {digest} is missing from the registry");
        }
        await Expect(response, HttpStatusCode.OK, $"cannot get layer {digest}", cancellation);
        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        await Stalling(BoundedCopy.To(body, target, maxBytes,
            () => new RegistryException(RegistryFailure.Unavailable, $"{_reference}: layer {digest} is larger than its manifest says ({maxBytes} bytes)"), cancellation), $"layer {digest}");
    }

    // A body that stops coming is one line (exit 69), not a hang.
    private async Task Stalling(Task reading, string what)
    {
        try
        {
            await reading;
        }
        catch (TimeoutException e)
        {
            throw new RegistryException(RegistryFailure.Unavailable, $"registry {_reference.Registry} stopped sending {what}: {e.Message}", e);
        }
    }

    /// <summary>Checks that the registry accepts the credential (a GET of <c>/v2/</c>, authenticated as it asks).</summary>
    public async Task CheckLogin(CancellationToken cancellation)
    {
        HttpResponseMessage response;
        try
        {
            response = await Send(() => new HttpRequestMessage(HttpMethod.Get, "/v2/"), cancellation);
        }
        catch (RegistryException e) when (e.Failure == RegistryFailure.Unauthorized && _credential is not null)
        {
            throw new RegistryException(RegistryFailure.Unauthorized, $"registry {_reference.Registry} refused the credentials of user '{_credential.UserName}'; nothing was saved");
        }
        using var checkedResponse = response;
        await Expect(response, HttpStatusCode.OK, "the login check failed", cancellation);
        if (_authorization is null && _credential is not null)
        {
            // A registry that asks for nothing accepts any login: say so rather than claim it was checked.
            throw new RegistryException(RegistryFailure.BadInput, $"registry {_reference.Registry} does not ask for credentials; nothing to log in to");
        }
    }

    private async Task<HttpResponseMessage> Send(Func<HttpRequestMessage> make, CancellationToken cancellation)
    {
        var response = await SendOnce(make, cancellation);
        if (response.StatusCode != HttpStatusCode.Unauthorized || _authorization is not null)
        {
            return Checked(response);
        }
        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
        response.Dispose();
        _authorization = await Authorize(challenge, cancellation);
        return Checked(await SendOnce(make, cancellation));
    }

    private HttpResponseMessage Checked(HttpResponseMessage response)
    {
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            // HttpClient follows HTTP(S) redirects (never HTTPS to HTTP); anything else (file:, ftp:, none) ends here.
            var location = response.Headers.Location?.ToString() ?? "nowhere";
            response.Dispose();
            throw new RegistryException(RegistryFailure.Unavailable,
                $"registry {_reference.Registry} redirected to {(location.Length > 200 ? location[..200] + "…" : location)}, which Capsule does not follow (HTTP(S) only, never from HTTPS to HTTP): refused");
        }
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            response.Dispose();
            throw _credential is null ? NeedsLogin() : Refused();
        }
        return response;
    }

    // Redirects are followed here, not by HttpClient (which tries file: and ftp: targets too):
    // GET and HEAD only, HTTP(S) only, never from HTTPS to HTTP, the credential only to the registry itself.
    private async Task<HttpResponseMessage> SendOnce(Func<HttpRequestMessage> make, CancellationToken cancellation)
    {
        var request = make();
        request.Headers.Authorization = _authorization;
        for (var hops = 0; ; hops++)
        {
            HttpResponseMessage response;
            using (request)
            {
                response = await Transport(request, cancellation);
            }
            var from = request.RequestUri!;
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location
                || (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head) || hops == 5)
            {
                return response;
            }
            var target = location.IsAbsoluteUri ? location : new Uri(from, location);
            if (target.Scheme is not ("http" or "https") || (from.Scheme == "https" && target.Scheme == "http"))
            {
                return response; // Checked refuses it in one line.
            }
            response.Dispose();
            var next = new HttpRequestMessage(request.Method, target);
            foreach (var accept in request.Headers.Accept)
            {
                next.Headers.Accept.Add(accept);
            }
            if (target.Authority == _http.BaseAddress!.Authority)
            {
                next.Headers.Authorization = _authorization;
            }
            request = next;
        }
    }

    private async Task<HttpResponseMessage> Transport(HttpRequestMessage request, CancellationToken cancellation)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        }
        catch (HttpRequestException e)
        {
            var hint = _http.BaseAddress!.Scheme == "https" && e.HttpRequestError == HttpRequestError.SecureConnectionError
                ? " (a plain-HTTP registry needs --insecure)" : "";
            throw new RegistryException(RegistryFailure.Unavailable, $"cannot reach registry {_reference.Registry}: {Innermost(e)}{hint}", e);
        }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new RegistryException(RegistryFailure.Unavailable, $"registry {_reference.Registry} did not answer in {_http.Timeout.TotalSeconds:0} s", e);
        }
    }

    private RegistryException NeedsLogin() => new(RegistryFailure.Unauthorized,
        $"registry {_reference.Registry} requires credentials for {_reference.Repository}: run 'capsule registry login {_reference.Registry}'");

    private RegistryException Refused() => new(RegistryFailure.Unauthorized,
        $"registry {_reference.Registry} refused the credentials of user '{_credential!.UserName}' for {_reference.Repository} (saved in {DockerConfig.FilePath})");

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e.Message;
    }

    private static RegistryException TooLarge(string what, long maxBytes) =>
        new(RegistryFailure.BadInput, $"the registry sent a {what} of more than {maxBytes} bytes");

    private async Task Expect(HttpResponseMessage response, HttpStatusCode expected, string doing, CancellationToken cancellation)
    {
        if (response.StatusCode != expected && !(expected == HttpStatusCode.Created && response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.NoContent))
        {
            throw new RegistryException(RegistryFailure.Unavailable,
                $"registry {_reference.Registry}: {doing}: {(int)response.StatusCode} {response.ReasonPhrase} ({await ErrorText(response, cancellation)})");
        }
    }

    // The distribution spec's error body: {"errors":[{"code":"…","message":"…"}]}.
    private static async Task<string> ErrorText(HttpResponseMessage response, CancellationToken cancellation)
    {
        try
        {
            var text = Encoding.UTF8.GetString(await ReadSome(response, cancellation));
            var errors = (JsonNode.Parse(text) as JsonObject)?["errors"] as JsonArray;
            var first = errors?.FirstOrDefault() as JsonObject;
            return first is null ? "no details" : $"{first["code"]}: {first["message"]}";
        }
        catch (JsonException)
        {
            return "no details";
        }
    }

    private static async Task<byte[]> ReadSome(HttpResponseMessage response, CancellationToken cancellation)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        var buffer = new byte[4096];
        var read = 0;
        int got;
        try
        {
            while (read < buffer.Length && (got = await BoundedCopy.Read(body, buffer.AsMemory(read), cancellation)) > 0)
            {
                read += got;
            }
        }
        catch (TimeoutException)
        {
            // The details are optional: what came is enough.
        }
        return buffer[..read];
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
