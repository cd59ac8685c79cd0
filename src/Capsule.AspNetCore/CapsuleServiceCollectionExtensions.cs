using Capsule.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Where ASP.NET Core's own Add* methods live: Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Capsule's WebAssembly host to an ASP.NET Core app.</summary>
public static class CapsuleServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Capsule host: <see cref="CapsuleOptions"/> bound from the <c>"Capsule"</c>
    /// configuration section, then <paramref name="configure"/>, validated at start
    /// (a bad setting fails start-up naming its key); a hosted service that compiles and
    /// links every app mapped with <c>MapCapsuleApp</c>/<c>MapWasm</c> before the server
    /// listens; and the <c>"capsule"</c> health check (unhealthy until they are ready).
    /// </summary>
    public static IServiceCollection AddCapsule(this IServiceCollection services, Action<CapsuleOptions>? configure = null)
    {
        var options = services.AddOptions<CapsuleOptions>().BindConfiguration(CapsuleOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CapsuleOptions>, CapsuleOptionsValidator>());
        services.TryAddSingleton<CapsuleApps>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, CapsuleStartup>());
        services.AddHealthChecks().AddCheck<CapsuleHealthCheck>(CapsuleHealthCheck.Name);
        return services;
    }
}
