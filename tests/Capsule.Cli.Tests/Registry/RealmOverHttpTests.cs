using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// A registry over HTTPS (a self-signed loopback certificate capsule is told to trust through
/// SSL_CERT_FILE) whose Bearer challenge names a token realm on another origin over plain HTTP:
/// the saved Basic credential must not reach that realm without --insecure.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RealmOverHttpTests : IDisposable
{
    private readonly RegistryUser _user = new();

    [Fact]
    public async Task The_saved_credential_never_goes_to_a_plain_http_realm_on_another_origin()
    {
        var realmRequests = new List<string>();
        await using var realm = await Start(null, app => app.Run(context =>
        {
            lock (realmRequests)
            {
                realmRequests.Add($"{context.Request.Path} Authorization={context.Request.Headers.Authorization}");
            }
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"token":"t"}""");
        }));
        var realmUrl = $"http://127.0.0.1:{Port(realm)}/token";
        using var certificate = LoopbackCertificate();
        await using var registry = await Start(certificate, app => app.Run(context =>
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{realmUrl}\",service=\"registry\",scope=\"repository:test/app:pull\"";
            return Task.CompletedTask;
        }));
        var address = $"127.0.0.1:{Port(registry)}";
        var trusted = _user.Combine("loopback-ca.pem");
        File.WriteAllText(trusted, certificate.ExportCertificatePem());
        Directory.CreateDirectory(_user.DockerConfigDir);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("ada:s3cret-pass"));
        File.WriteAllText(Path.Combine(_user.DockerConfigDir, "config.json"), $$"""{ "auths": { "{{address}}": { "auth": "{{auth}}" } } }""");

        var result = _user.CapsuleWith([("SSL_CERT_FILE", trusted)], "registry", "pull", $"{address}/test/app:v1");

        Assert.Equal(new CapsuleResult(77, "", $"capsule: error: registry {address} asks for a token from http://127.0.0.1:{Port(realm)} over plain HTTP: the saved credential goes to a token service only over HTTPS (--insecure allows it for a local registry)\n"), result);
        Assert.Empty(realmRequests);
    }

    // A self-signed certificate for 127.0.0.1 (a server certificate that is its own authority).
    private static X509Certificate2 LoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task<WebApplication> Start(X509Certificate2? certificate, Action<WebApplication> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        handle(app);
        await app.StartAsync();
        return app;
    }

    private static int Port(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;

    public void Dispose() => _user.Dispose();
}
