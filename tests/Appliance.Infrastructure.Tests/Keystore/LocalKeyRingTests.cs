using Appliance.Infrastructure.Keystore;

namespace Appliance.Infrastructure.Tests.Keystore;

public sealed class LocalKeyRingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyring-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task First_start_creates_a_private_key_file_that_later_starts_reuse()
    {
        var first = LocalKeyRing.Load(new KeystoreOptions(), _directory);
        var encrypted = await new SecretProtector(first).ProtectAsync("secret", "ctx");
        var path = Path.Combine(_directory, "keystore.key");

        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var second = LocalKeyRing.Load(new KeystoreOptions(), _directory);
        Assert.Equal(first.ActiveKeyId, second.ActiveKeyId);
        Assert.Equal("secret", await new SecretProtector(second).UnprotectAsync(encrypted, "ctx"));
    }

    [Fact]
    public async Task A_lost_key_file_means_old_secrets_are_refused()
    {
        var encrypted = await new SecretProtector(LocalKeyRing.Load(new KeystoreOptions(), _directory)).ProtectAsync("secret", "ctx");
        File.Delete(Path.Combine(_directory, "keystore.key"));

        var fresh = new SecretProtector(LocalKeyRing.Load(new KeystoreOptions(), _directory));

        await Assert.ThrowsAsync<KeystoreException>(async () => await fresh.UnprotectAsync(encrypted, "ctx"));
    }

    [Fact]
    public void Configured_master_key_is_used_without_a_file()
    {
        var key = Convert.ToBase64String(new byte[32]);

        var ring = LocalKeyRing.Load(new KeystoreOptions { MasterKey = key, MasterKeyId = "env-key" }, _directory);

        Assert.Equal("env-key", ring.ActiveKeyId);
        Assert.False(File.Exists(Path.Combine(_directory, "keystore.key")));
    }

    [Theory]
    [InlineData("not base64")]
    [InlineData("AAAA")]
    public void Bad_configured_key_is_a_clear_error(string value) =>
        Assert.Throws<KeystoreException>(() => LocalKeyRing.Load(new KeystoreOptions { MasterKey = value }, _directory));

    [Fact]
    public void A_world_readable_key_file_is_refused()
    {
        LocalKeyRing.Load(new KeystoreOptions(), _directory);
        var path = Path.Combine(_directory, "keystore.key");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var ex = Assert.Throws<KeystoreException>(() => LocalKeyRing.Load(new KeystoreOptions(), _directory));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead);

        Assert.Contains("chmod 600", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(LocalKeyRing.Load(new KeystoreOptions(), _directory)); // 0440, as a Kubernetes secret mount with fsGroup, is fine
    }

    [Fact]
    public void Damaged_key_file_is_a_clear_error()
    {
        var path = Path.Combine(_directory, "damaged.key");
        File.WriteAllText(path, "{ nope");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var ex = Assert.Throws<KeystoreException>(() => LocalKeyRing.Load(new KeystoreOptions { MasterKeyFile = path }, _directory));
        Assert.Contains("not a valid key ring", ex.Message, StringComparison.Ordinal);
    }
}
