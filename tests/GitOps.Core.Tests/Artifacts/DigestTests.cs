using System.Text;
using GitOps.Artifacts;

namespace GitOps.Core.Tests.Artifacts;

public sealed class DigestTests
{
    private const string HelloSha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    [Test]
    public void Computes_sha256_by_default_and_formats_with_the_algorithm_prefix()
    {
        var digest = Digest.Compute(Encoding.ASCII.GetBytes("hello"));

        Assert.Multiple(() =>
        {
            Assert.That(digest.Algorithm, Is.EqualTo(DigestAlgorithm.Sha256));
            Assert.That(digest.Hex, Is.EqualTo(HelloSha256));
            Assert.That(digest.ToString(), Is.EqualTo("sha256:" + HelloSha256));
        });
    }

    [Test]
    public void A_digest_without_prefix_is_read_as_sha256()
    {
        Assert.That(Digest.Parse(HelloSha256), Is.EqualTo(Digest.Parse("sha256:" + HelloSha256)));
    }

    [TestCase(DigestAlgorithm.Sha256, 64)]
    [TestCase(DigestAlgorithm.Sha384, 96)]
    [TestCase(DigestAlgorithm.Sha512, 128)]
    [TestCase(DigestAlgorithm.Sha1, 40)]
    public void Round_trips_every_algorithm(DigestAlgorithm algorithm, int hexLength)
    {
        var digest = Digest.Compute("abc"u8, algorithm);
        var parsed = Digest.Parse(digest.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.EqualTo(digest));
            Assert.That(parsed.Hex, Has.Length.EqualTo(hexLength));
            Assert.That(parsed.ToString(), Does.StartWith(Digest.GetAlgorithmName(algorithm) + ":"));
        });
    }

    [TestCase("", "empty")]
    [TestCase("sha256:", "64 hex digits")]
    [TestCase("sha256:abc", "64 hex digits")]
    [TestCase("md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported digest algorithm 'md5'")]
    [TestCase("SHA256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "unsupported digest algorithm")]
    [TestCase("sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824", "lowercase")]
    [TestCase("sha256:zzf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "lowercase")]
    [TestCase("sha512:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "128 hex digits")]
    [TestCase(" sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "unsupported")]
    public void Rejects_malformed_digests_with_a_message_saying_why(string text, string reason)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Digest.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains(reason));
            Assert.That(Digest.TryParse(text, out _), Is.False);
        });
    }

    [Test]
    public void Equality_needs_the_same_algorithm_and_hash()
    {
        var a = Digest.Compute("a"u8);
        var b = Digest.Compute("b"u8);

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(Digest.Parse(a.ToString())));
            Assert.That(a, Is.Not.EqualTo(b));
            Assert.That(a == Digest.Parse(a.ToString()), Is.True);
            Assert.That(Digest.Compute("a"u8, DigestAlgorithm.Sha512), Is.Not.EqualTo(a));
            Assert.That(a.GetHashCode(), Is.EqualTo(Digest.Parse(a.ToString()).GetHashCode()));
            Assert.That(default(Digest), Is.Not.EqualTo(a));
            Assert.That(default(Digest).IsEmpty, Is.True);
            Assert.That(default(Digest).ToString(), Is.Empty);
        });
    }

    [Test]
    public async Task Hashes_a_stream_like_a_span()
    {
        var data = new byte[300_000];
        new Random(1).NextBytes(data);

        var fromStream = await Digest.ComputeAsync(new MemoryStream(data));

        Assert.That(fromStream, Is.EqualTo(Digest.Compute(data)));
    }

    [Test]
    public void From_hash_checks_the_length()
    {
        Assert.That(() => Digest.FromHash(DigestAlgorithm.Sha256, new byte[20]), Throws.ArgumentException);
    }
}
