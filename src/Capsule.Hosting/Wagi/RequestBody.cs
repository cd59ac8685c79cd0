using Capsule.Runtime.Grants;
using Microsoft.AspNetCore.Http;

namespace Capsule.Hosting.Wagi;

/// <summary>
/// A WAGI request's body, read whole before the module starts (as Spin does: CGI's
/// CONTENT_LENGTH is its length) into an unnamed-after-use temporary file that becomes the
/// module's stdin (Wasmtime's WASI takes stdin from a file). Kestrel's body limit applies.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private readonly string? _path;

    private RequestBody(string? path, long length)
    {
        _path = path;
        Length = length;
    }

    /// <summary>Its length in bytes.</summary>
    public long Length { get; }

    /// <summary>The module's stdin: the file, or nothing for an empty body.</summary>
    public StdinSource Source => _path is null ? StdinSource.Empty : StdinSource.FromFile(_path);

    /// <summary>Reads the body of <paramref name="context"/>; null when it passes the server's body limit.</summary>
    public static async Task<RequestBody?> Buffer(HttpContext context)
    {
        var path = Path.Combine(Path.GetTempPath(), $"capsule-wagi-{Guid.NewGuid():N}");
        try
        {
            long length;
            // Private to this user; CreateNew never follows or reuses what is there.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            var file = new FileStream(path, options);
            await using (file)
            {
                await context.Request.Body.CopyToAsync(file, context.RequestAborted);
                length = file.Length;
            }
            if (length == 0)
            {
                File.Delete(path);
                return new RequestBody(null, 0);
            }
            return new RequestBody(path, length);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            File.Delete(path);
            return null;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Deletes the file.</summary>
    public void Dispose()
    {
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }
}
