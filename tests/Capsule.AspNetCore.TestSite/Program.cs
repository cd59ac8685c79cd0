using System.Threading.RateLimiting;
using Capsule.AspNetCore.TestSite;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;

// No `using` for Capsule: AddCapsule, MapCapsuleApp and MapWasm live in ASP.NET Core's namespaces.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCapsule();
builder.Services.AddAuthentication(HeaderAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services.AddRateLimiter(limiter =>
{
    limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    limiter.AddFixedWindowLimiter("one", window =>
    {
        window.PermitLimit = 1;
        window.Window = TimeSpan.FromHours(1);
        window.QueueLimit = 0;
    });
});

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapGet("/", () => "hello from C#\n");
app.MapHealthChecks("/healthz");

// Site:Apps:N:{Base, Manifest, Policy}: the apps a test maps; Policy is "auth" or "limit".
foreach (var entry in app.Configuration.GetSection("Site:Apps").GetChildren())
{
    var endpoint = app.MapCapsuleApp(entry["Base"]!, entry["Manifest"]!);
    Apply(endpoint, entry["Policy"]);
}
// Site:Wasm:N:{Pattern, Path, Timeout, Policy}: the single components a test maps.
foreach (var entry in app.Configuration.GetSection("Site:Wasm").GetChildren())
{
    var endpoint = app.MapWasm(entry["Pattern"]!, entry["Path"]!, c =>
    {
        c.Memory("64MiB");
        if (entry["Timeout"] is { Length: > 0 } timeout)
        {
            c.Timeout(TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture));
        }
    });
    Apply(endpoint, entry["Policy"]);
}

app.Run();

static void Apply(IEndpointConventionBuilder endpoint, string? policy)
{
    if (policy == "auth")
    {
        endpoint.RequireAuthorization();
    }
    else if (policy == "limit")
    {
        endpoint.RequireRateLimiting("one");
    }
}

/// <summary>The entry point WebApplicationFactory starts.</summary>
public partial class Program;
