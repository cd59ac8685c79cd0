using System.Text;
using Capsule.Hosting.Registry;

namespace Capsule.Hosting.Tests.Registry;

/// <summary>
/// The registry JSON readers' fuzzing corpora (bench/fuzz/corpus/registry-manifest and registry-config, where every
/// input a fuzzing run finds failing is added as a regression): each input reads or fails with a
/// <see cref="RegistryException"/>; the hand-made seeds read as written, and cut short they fail with one line.
/// </summary>
public sealed class RegistryJsonCorpusTests
{
    private static readonly OciReference Reference = OciReference.Parse("registry.example/fuzz/app:1");

    private static string Corpus(string target) => Path.Combine(Guests.RepoRoot, "bench", "fuzz", "corpus", target);

    [Fact]
    public void Every_image_manifest_of_the_corpus_reads_or_fails_with_a_registry_error()
    {
        var files = Directory.GetFiles(Corpus("registry-manifest"));
        Assert.NotEmpty(files);
        foreach (var bytes in files.Select(File.ReadAllBytes))
        {
            ReadsOrRefuses(() => AppPuller.ReadManifest(bytes, Reference));
        }
    }

    [Fact]
    public void Every_locked_app_of_the_corpus_reads_or_fails_with_a_registry_error()
    {
        using var empty = new TempDir();
        var files = Directory.GetFiles(Corpus("registry-config"));
        Assert.NotEmpty(files);
        foreach (var bytes in files.Select(File.ReadAllBytes))
        {
            ReadsOrRefuses(() => PulledAppWriter.Verify(AppPuller.ReadLocked(bytes), empty.Path));
        }
    }

    [Fact]
    public void The_seed_manifest_reads_its_config_and_layers()
    {
        var (config, layers) = AppPuller.ReadManifest(File.ReadAllBytes(Path.Combine(Corpus("registry-manifest"), "spin-app.json")), Reference);

        Assert.Equal(SpinMediaTypes.OciConfig, config.MediaType);
        Assert.Equal([SpinMediaTypes.LockedApp, SpinMediaTypes.Wasm, SpinMediaTypes.Data], layers.Select(l => l.MediaType));
    }

    [Fact]
    public void The_seed_locked_app_reads_and_is_checked_against_the_folder()
    {
        using var empty = new TempDir();
        var locked = AppPuller.ReadLocked(File.ReadAllBytes(Path.Combine(Corpus("registry-config"), "locked-app.json")));

        var error = Assert.Throws<RegistryException>(() => PulledAppWriter.Verify(locked, empty.Path));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("registry-manifest", "spin-app.json")]
    [InlineData("registry-config", "locked-app.json")]
    public void A_seed_cut_at_every_tenth_byte_fails_with_one_line(string target, string file)
    {
        using var empty = new TempDir();
        var bytes = File.ReadAllBytes(Path.Combine(Corpus(target), file));
        for (var length = 0; length < bytes.Length; length += 10)
        {
            var cut = bytes[..length];
            var error = Assert.Throws<RegistryException>(() =>
            {
                if (target == "registry-manifest")
                {
                    AppPuller.ReadManifest(cut, Reference);
                }
                else
                {
                    PulledAppWriter.Verify(AppPuller.ReadLocked(cut), empty.Path);
                }
            });
            Assert.DoesNotContain('\n', error.Message);
            Assert.False(string.IsNullOrWhiteSpace(error.Message), Encoding.UTF8.GetString(cut));
        }
    }

    private static void ReadsOrRefuses(Action read)
    {
        try
        {
            read();
        }
        catch (RegistryException)
        {
        }
    }
}
