using Appliance.Infrastructure.Keystore;

namespace Appliance.Infrastructure.Tests.Keystore;

public sealed class SecretProtectorTests
{
    private static readonly byte[] FixtureKey = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    /// <summary>
    /// Written by version 1 of the format with <see cref="FixtureKey"/>. It must keep decrypting in every later version:
    /// secrets at rest outlive upgrades.
    /// </summary>
    private const string FixtureCiphertext =
        "v1:AQ1maXh0dXJlLWtleS0xADz5WT7I6YPMyNH0rxI+HTlZpimnKP4lqIapT5CZbllsuwQBbuI1gG7H6Bfmwxn1XTYOcUJfFJl7WHglkXG32UYv33hHeTYf0mwBdiTwXqv5uOjllwnQZ5BtuI3Y4eArhWXe+vCQ7Voew/VPqNDJZQ==";

    private static SecretProtector Protector(string keyId = "k1", byte[]? key = null) =>
        new(new LocalKeyRing(keyId, new Dictionary<string, byte[]> { [keyId] = key ?? FixtureKey }));

    [Fact]
    public async Task Round_trip_returns_the_secret_and_hides_it()
    {
        var protector = Protector();
        var secret = "correct horse battery staple ✓";

        var encrypted = await protector.ProtectAsync(secret, "ctx");

        Assert.StartsWith("v1:", encrypted, StringComparison.Ordinal);
        Assert.DoesNotContain("horse", encrypted, StringComparison.Ordinal);
        Assert.Equal(secret, await protector.UnprotectAsync(encrypted, "ctx"));
    }

    [Fact]
    public async Task Each_encryption_uses_a_fresh_data_key_and_nonce()
    {
        var protector = Protector();

        Assert.NotEqual(await protector.ProtectAsync("same", "ctx"), await protector.ProtectAsync("same", "ctx"));
    }

    [Fact]
    public async Task Ciphertext_names_its_master_key()
    {
        var encrypted = await Protector("master-2026").ProtectAsync("x", "ctx");

        Assert.Equal("master-2026", SecretProtector.ReadKeyId(encrypted));
    }

    [Fact]
    public async Task Fixed_fixture_still_decrypts()
    {
        var protector = Protector("fixture-key-1");

        Assert.Equal("pässwörd: s3cret ✓", await protector.UnprotectAsync(FixtureCiphertext, "connection:fixture:password"));
        Assert.Equal("fixture-key-1", SecretProtector.ReadKeyId(FixtureCiphertext));
    }

    [Fact]
    public async Task Every_tampered_byte_is_detected()
    {
        var protector = Protector();
        var encrypted = await protector.ProtectAsync("secret", "ctx");
        var payload = Convert.FromBase64String(encrypted[3..]);

        // Flip each byte after the key ID in turn: data key, nonce, tag and ciphertext are all authenticated.
        var keyIdEnd = 2 + payload[1];
        for (var i = keyIdEnd; i < payload.Length; i++)
        {
            var tampered = (byte[])payload.Clone();
            tampered[i] ^= 0x20;
            await Assert.ThrowsAsync<KeystoreException>(async () => await protector.UnprotectAsync("v1:" + Convert.ToBase64String(tampered), "ctx"));
        }
    }

    [Fact]
    public async Task A_ciphertext_moved_to_another_record_does_not_decrypt()
    {
        var protector = Protector();
        var encrypted = await protector.ProtectAsync("secret", "connection:a:password");

        await Assert.ThrowsAsync<KeystoreException>(async () => await protector.UnprotectAsync(encrypted, "connection:b:password"));
    }

    [Fact]
    public async Task Wrong_master_key_is_refused()
    {
        var encrypted = await Protector("k1").ProtectAsync("secret", "ctx");
        var otherKey = new byte[32];
        otherKey[0] = 1;

        var sameIdWrongKey = await Assert.ThrowsAsync<KeystoreException>(async () => await Protector("k1", otherKey).UnprotectAsync(encrypted, "ctx"));
        var missingKey = await Assert.ThrowsAsync<KeystoreException>(async () => await Protector("k2").UnprotectAsync(encrypted, "ctx"));

        Assert.Contains("k1", sameIdWrongKey.Message, StringComparison.Ordinal);
        Assert.Contains("'k1' is not available", missingKey.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("v1:not base64!")]
    [InlineData("v1:AQ==")]
    [InlineData("v1:AgFr")]
    public async Task Garbage_is_a_keystore_error_not_a_crash(string value) =>
        await Assert.ThrowsAsync<KeystoreException>(async () => await Protector().UnprotectAsync(value, "ctx"));

    [Fact]
    public async Task Rotated_key_ring_reads_old_secrets_and_writes_with_the_new_key()
    {
        var old = await Protector("old").ProtectAsync("secret", "ctx");
        var newKey = new byte[32];
        newKey[31] = 9;
        var rotated = new SecretProtector(new LocalKeyRing("new", new Dictionary<string, byte[]> { ["old"] = FixtureKey, ["new"] = newKey }));

        Assert.Equal("secret", await rotated.UnprotectAsync(old, "ctx"));
        Assert.Equal("new", SecretProtector.ReadKeyId(await rotated.ProtectAsync("secret", "ctx")));
    }
}
