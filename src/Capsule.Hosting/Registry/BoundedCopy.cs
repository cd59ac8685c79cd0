namespace Capsule.Hosting.Registry;

/// <summary>Copies a stream, failing as soon as more than a bound has come (a hostile registry can send forever).</summary>
internal static class BoundedCopy
{
    public static async Task To(Stream source, Stream target, long maxBytes, Func<Exception> tooLarge, CancellationToken cancellation)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellation)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw tooLarge();
            }
            await target.WriteAsync(buffer.AsMemory(0, read), cancellation);
        }
    }
}
