using System.IO.Compression;
using GitOps.Artifacts;
using GitOps.Artifacts.Extraction;

namespace GitOps.Core.Tests.Artifacts.Extraction;

/// <summary>
/// <see cref="ArchiveExtractor"/> checks the gzip framing itself, as Go's compress/gzip does: each member's
/// CRC-32 and size against its trailer, the trailer complete, members one after another, and nothing but
/// another member after the end. Read whole and a few bytes at a time (so that members and trailers fall
/// across reads anywhere).
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class GzipFramingTests
{
    [TestCaseSource(typeof(GzipFraming), nameof(GzipFraming.Accepted))]
    public async Task Extracts_well_framed_gzip_with_the_same_content(byte[] gzip)
    {
        foreach (var readSize in new[] { int.MaxValue, 1, 7, 4096 })
        {
            using var scene = new ExtractionScene();

            var result = await new ArchiveExtractor().ExtractAsync(new TrickleStream(gzip, readSize), scene.Destination);

            Assert.That(result.Files, Is.EqualTo(GzipFraming.Files.Length), $"reads of {readSize}");
            GzipFraming.AssertExtracted(scene.Destination);
            scene.AssertNoStagingLeft();
        }
    }

    [TestCaseSource(typeof(GzipFraming), nameof(GzipFraming.Refused))]
    public void Refuses_bad_framing_as_malformed_and_writes_nothing(byte[] gzip)
    {
        foreach (var readSize in new[] { int.MaxValue, 1, 7, 4096 })
        {
            using var scene = new ExtractionScene();

            var error = Assert.ThrowsAsync<UnsafeArchiveException>(() => new ArchiveExtractor().ExtractAsync(new TrickleStream(gzip, readSize), scene.Destination));

            Assert.That(error!.Reason, Is.EqualTo(UnsafeArchiveReason.Malformed), $"reads of {readSize}: {error.Message}");
            Assert.That(error.IsTransient, Is.False);
            scene.AssertUntouched();
            scene.AssertNoStagingLeft();
        }
    }

    [Test]
    public async Task Reads_a_large_multi_member_stream_through_whole_buffers()
    {
        // Members and deflate data larger than the reader's 64 KiB buffer, split at odd places.
        var big = new GitOps.Testing.Archives.TarBuilder()
            .File("big.bin", Enumerable.Range(0, 700_000).Select(i => (byte)(i * 7 % 251)).ToArray())
            .File("small.txt", "x")
            .ToTar();
        var gzip = GzipMembers.Members(big, 1, 65_537, 300_001, 300_002);
        using var scene = new ExtractionScene();

        var result = await new ArchiveExtractor().ExtractAsync(new TrickleStream(gzip, 100_000), scene.Destination);

        Assert.That(result.Bytes, Is.EqualTo(700_001));
        Assert.That(File.ReadAllBytes(Path.Combine(scene.Destination, "big.bin")), Is.EqualTo(Enumerable.Range(0, 700_000).Select(i => (byte)(i * 7 % 251)).ToArray()));
    }

    [Test]
    public void The_message_says_what_is_wrong()
    {
        async Task<string> MessageOf(byte[] gzip)
        {
            using var scene = new ExtractionScene();
            try
            {
                await new ArchiveExtractor().ExtractAsync(new MemoryStream(gzip), scene.Destination);
            }
            catch (UnsafeArchiveException ex)
            {
                return ex.Message;
            }

            return "accepted";
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await MessageOf(GzipFraming.Good[..^4]), Does.Contain("trailer is missing, cut short, or does not match"));
            Assert.That(await MessageOf([.. GzipFraming.Good, .. "junk"u8]), Does.Contain("trailing garbage"));
            Assert.That(await MessageOf([.. GzipFraming.Good, 0x1f, 0x8b, 8]), Does.Contain("ends inside a member header"));
            Assert.That(await MessageOf(GzipMembers.Member(GzipFraming.Tar, CompressionLevel.NoCompression)[..^(8 + 300)]), Does.Contain("ends inside a member's compressed data"));
        });
    }

    /// <summary>A read-only stream that returns at most a given number of bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int readSize) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, readSize)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, readSize), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
