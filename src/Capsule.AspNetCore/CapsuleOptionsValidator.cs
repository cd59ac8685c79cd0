using Capsule.Hosting.Admission;
using Capsule.Runtime.Grants;
using Microsoft.Extensions.Options;

namespace Capsule.AspNetCore;

/// <summary>
/// Checks <see cref="CapsuleOptions"/> when the app starts (<c>ValidateOnStart</c>):
/// each failure names its configuration key (<c>Capsule:MemoryBudget</c>) and the cause.
/// </summary>
internal sealed class CapsuleOptionsValidator : IValidateOptions<CapsuleOptions>
{
    public ValidateOptionsResult Validate(string? name, CapsuleOptions options)
    {
        var failures = new List<string>();
        if (options.MemoryBudget is { } budget && !ByteSize.TryParseHostMemory(budget, out _, out var error))
        {
            failures.Add(Key(nameof(options.MemoryBudget), error!));
        }
        Positive(failures, nameof(options.MaxConcurrent), options.MaxConcurrent);
        Positive(failures, nameof(options.MaxConcurrentPerComponent), options.MaxConcurrentPerComponent);
        Positive(failures, nameof(options.MaxRunning), options.MaxRunning);
        if (options.QueueLength < 0)
        {
            failures.Add(Key(nameof(options.QueueLength), $"must be 0 or more (got {options.QueueLength})"));
        }
        if (options.QueueTimeout < TimeSpan.Zero || options.QueueTimeout > AdmissionOptions.MostQueueTimeout)
        {
            failures.Add(Key(nameof(options.QueueTimeout), $"must be between 0 and {Duration.Format(AdmissionOptions.MostQueueTimeout)} (got {options.QueueTimeout})"));
        }
        if (options.CacheFolder is { Length: 0 })
        {
            failures.Add(Key(nameof(options.CacheFolder), "is empty (leave it out for the default folder)"));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, int? value)
    {
        if (value <= 0)
        {
            failures.Add(Key(key, $"must be positive (got {value})"));
        }
    }

    private static string Key(string key, string problem) => $"{CapsuleOptions.SectionName}:{key}: {problem}";
}
