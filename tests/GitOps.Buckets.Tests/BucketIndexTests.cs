using System.Security.Cryptography;
using System.Text;
using GitOps.Artifacts;

namespace GitOps.Buckets.Tests;

public sealed class BucketIndexTests
{
    [Test]
    public void The_digest_is_sha256_over_sorted_key_space_etag_lines_as_source_controller_hashes_them()
    {
        // source-controller internal/index digest_test.go: {"foo": "bar", "bar": "baz"} is "bar baz\nfoo bar\n".
        var digest = BucketIndex.ComputeDigest(new Dictionary<string, string> { ["foo"] = "bar", ["bar"] = "baz" });

        var expected = Convert.ToHexStringLower(SHA256.HashData("bar baz\nfoo bar\n"u8));
        Assert.That(digest.ToString(), Is.EqualTo("sha256:" + expected));
    }

    [Test]
    public void The_revision_is_the_bare_digest_and_the_index_text_is_what_is_hashed()
    {
        var index = BucketIndex.Create([new BucketObject("b/x.yaml", "e2", 2), new BucketObject("a.yaml", "e1", 1)]);

        Assert.Multiple(() =>
        {
            Assert.That(index.ToIndexText(), Is.EqualTo("a.yaml e1\nb/x.yaml e2\n"));
            Assert.That(index.Revision.ToString(), Is.EqualTo(index.Digest.ToString()));
            Assert.That(index.Revision.Reference, Is.Null);
            Assert.That(index.Digest, Is.EqualTo(Digest.Compute(Encoding.UTF8.GetBytes(index.ToIndexText()))));
            Assert.That(index.TotalBytes, Is.EqualTo(3));
        });
    }

    [Test]
    public void Keys_are_ordered_by_their_utf8_bytes_as_go_sorts_strings_not_by_utf16_code_units()
    {
        // U+E000 is EE 80 80 in UTF-8 and sorts before U+1F600 (F0 9F 98 80); in UTF-16 the surrogate D83D comes first.
        var index = BucketIndex.Create([new BucketObject("\U0001F600", "a", 0), new BucketObject("\uE000", "b", 0)]);

        Assert.That(index.Objects.Select(o => o.Key), Is.EqualTo(new[] { "\uE000", "\U0001F600" }));
    }

    [Test]
    public void An_empty_index_hashes_the_empty_string()
    {
        Assert.That(BucketIndex.Create([]).Digest, Is.EqualTo(Digest.Compute([])));
    }

    [Test]
    public void A_key_twice_is_refused()
    {
        Assert.That(() => BucketIndex.Create([new BucketObject("a", "1", 0), new BucketObject("a", "2", 0)]), Throws.ArgumentException);
    }
}
