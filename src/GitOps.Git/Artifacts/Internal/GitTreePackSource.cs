using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitOps.Artifacts.Packaging;
using GitOps.Git.Auth.Internal;
using GitOps.Git.Clients.Internal;
using GitOps.SourceIgnore;

namespace GitOps.Git.Artifacts.Internal;

/// <summary>
/// A commit's tree read from the object database, as <see cref="ArtifactPackager"/> would see its checkout: regular
/// files with their execute bit, folders, submodules as the empty folders a checkout without submodules leaves,
/// symbolic links never packed. The tree comes from one <c>git ls-tree</c>; the files from one <c>git cat-file
/// --batch</c> asked for all of them up front, so git inflates the next blobs on one core while the packer
/// compresses on the other. What a checkout could change or refuse (<c>.gitattributes</c> conversions, a linked
/// <c>.sourceignore</c>, names git would not write) throws <see cref="CheckoutRequiredException"/>: the caller then
/// packs a real checkout.
/// </summary>
internal sealed class GitTreePackSource : PackSource, IDisposable
{
    private readonly GitClientOptions _options;
    private readonly string _repository;
    private readonly Dictionary<string, List<PackSourceEntry>> _folders;
    private readonly Dictionary<string, string> _blobs;
    private readonly Dictionary<string, byte[]> _preloaded = new(StringComparer.Ordinal);
    private Process? _batch;
    private Stream? _output;
    private Task? _requests;

    private GitTreePackSource(GitClientOptions options, string repository, Dictionary<string, List<PackSourceEntry>> folders, Dictionary<string, string> blobs)
    {
        _options = options;
        _repository = repository;
        _folders = folders;
        _blobs = blobs;
    }

    /// <summary>Lists <paramref name="commit"/>'s tree in <paramref name="repository"/> and reads its <c>.sourceignore</c> files.</summary>
    /// <exception cref="CheckoutRequiredException">The tree needs a real checkout.</exception>
    public static async Task<GitTreePackSource> OpenAsync(GitClientOptions options, string repository, string commit, CancellationToken cancellationToken)
    {
        string listing;
        using (var env = GitEnvironment.CreateLocal(options))
        using (var process = GitProcess.Start(options, env, repository, ["ls-tree", "-r", "-t", "-l", "-z", "--full-tree", commit]))
        {
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            listing = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw GitErrorClassifier.Classify($"unable to list the tree of {commit}", await error.ConfigureAwait(false));
            }
        }

        var folders = new Dictionary<string, List<PackSourceEntry>>(StringComparer.Ordinal) { [string.Empty] = [] };
        var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // <mode> SP <type> SP <object> SP+ <size> TAB <path>
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var meta = record[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var path = record[(tab + 1)..];
            var slash = path.LastIndexOf('/');
            var (folder, name) = slash < 0 ? (string.Empty, path) : (path[..slash], path[(slash + 1)..]);
            if (name is "" or "." or ".." || name.Equals(".git", StringComparison.OrdinalIgnoreCase) || name == ".gitattributes")
            {
                throw new CheckoutRequiredException($"'{path}' needs a checkout");
            }

            var entry = meta[0] switch
            {
                "040000" or "160000" => new PackSourceEntry(name, PackSourceEntryKind.Directory), // 160000: a submodule, an empty folder
                "100644" or "100664" => new PackSourceEntry(name, PackSourceEntryKind.File, long.Parse(meta[3], CultureInfo.InvariantCulture)),
                "100755" => new PackSourceEntry(name, PackSourceEntryKind.File, long.Parse(meta[3], CultureInfo.InvariantCulture), IsExecutable: true),
                _ when name == SourceIgnoreRules.FileName => throw new CheckoutRequiredException($"'{path}' is a symbolic link (read through the checkout)"),
                _ => new PackSourceEntry(name, PackSourceEntryKind.Other),
            };
            GetFolder(folders, folder).Add(entry);
            if (entry.Kind == PackSourceEntryKind.Directory)
            {
                GetFolder(folders, path);
            }
            else if (entry.Kind == PackSourceEntryKind.File)
            {
                blobs[path] = meta[2];
            }
        }

        var source = new GitTreePackSource(options, repository, folders, blobs);
        var ignoreFiles = blobs.Keys.Where(p => p == SourceIgnoreRules.FileName || p.EndsWith("/" + SourceIgnoreRules.FileName, StringComparison.Ordinal)).ToList();
        if (ignoreFiles.Count > 0)
        {
            await source.PreloadAsync(ignoreFiles, cancellationToken).ConfigureAwait(false);
        }

        return source;
    }

    public override IEnumerable<PackSourceEntry> GetEntries(string directory) =>
        _folders.TryGetValue(directory, out var entries) ? entries : throw new DirectoryNotFoundException($"'{directory}' is not a folder of the tree");

    public override Stream OpenRead(string path)
    {
        if (!_blobs.TryGetValue(path, out var id))
        {
            throw new FileNotFoundException($"'{path}' is not a file of the tree");
        }

        if (_output is null)
        {
            return _preloaded.TryGetValue(path, out var content)
                ? new MemoryStream(content, writable: false)
                : throw new InvalidOperationException($"'{path}' was opened before the packer began reading");
        }

        var size = ReadHeader(_output, id);
        return new BlobStream(_output, size);
    }

    protected override void BeginReading(IReadOnlyList<string> files)
    {
        var ids = files.Select(f => _blobs[f]).ToList();
        (_batch, _output, _requests) = StartBatch(ids);
    }

    public void Dispose()
    {
        if (_batch is null)
        {
            return;
        }

        try
        {
            _batch.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _batch.Dispose();
    }

    private async Task PreloadAsync(List<string> paths, CancellationToken cancellationToken)
    {
        var (process, output, requests) = StartBatch([.. paths.Select(p => _blobs[p])]);
        using (process)
        {
            foreach (var path in paths)
            {
                var content = new byte[ReadHeader(output, _blobs[path])];
                await output.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
                _ = output.ReadByte(); // the newline after each object
                _preloaded[path] = content;
            }

            await requests.ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // One cat-file for many blobs: the ids are written from another thread while the caller reads the answers in order.
    private (Process Process, Stream Output, Task Requests) StartBatch(IReadOnlyList<string> ids)
    {
        Process process;
        using (var env = GitEnvironment.CreateLocal(_options))
        {
            process = GitProcess.Start(_options, env, _repository, ["cat-file", "--batch"]);
        }

        _ = process.StandardError.ReadToEndAsync();
        var input = process.StandardInput.BaseStream;
        var requests = Task.Run(async () =>
        {
            var line = new byte[41];
            line[40] = (byte)'\n';
            var buffered = new BufferedStream(input, 64 * 1024);
            await using (buffered.ConfigureAwait(false))
            {
                foreach (var id in ids)
                {
                    Encoding.ASCII.GetBytes(id, line);
                    await buffered.WriteAsync(line).ConfigureAwait(false);
                }
            }
        });
        return (process, new BufferedStream(process.StandardOutput.BaseStream, 128 * 1024), requests);
    }

    // "<id> blob <size>\n"; anything else (missing, not a blob, another id) means the repository is not what was listed.
    private static long ReadHeader(Stream output, string id)
    {
        var header = new StringBuilder(64);
        for (int b; (b = output.ReadByte()) != '\n';)
        {
            if (b < 0 || header.Length > 200)
            {
                throw new IOException($"git cat-file ended before blob {id}");
            }

            header.Append((char)b);
        }

        var parts = header.ToString().Split(' ');
        return parts.Length == 3 && parts[0] == id && parts[1] == "blob" && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? size
            : throw new IOException($"git cat-file answered '{header}' for blob {id}");
    }

    private static List<PackSourceEntry> GetFolder(Dictionary<string, List<PackSourceEntry>> folders, string path)
    {
        if (!folders.TryGetValue(path, out var entries))
        {
            folders[path] = entries = [];
        }

        return entries;
    }

    /// <summary>One blob's bytes out of the batch; disposing it skips what was not read and the newline after.</summary>
    private sealed class BlobStream(Stream batch, long size) : Stream
    {
        private readonly long _size = size;
        private long _remaining = size;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _size;

        public override long Position
        {
            get => _size - _remaining;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_remaining == 0 || buffer.IsEmpty)
            {
                return 0;
            }

            var read = batch.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            if (read == 0)
            {
                throw new IOException("git cat-file ended inside a blob");
            }

            _remaining -= read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_remaining == 0 || buffer.IsEmpty)
            {
                return 0;
            }

            var read = await batch.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("git cat-file ended inside a blob");
            }

            _remaining -= read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Span<byte> skip = stackalloc byte[4096];
                while (_remaining > 0)
                {
                    _remaining -= Read(skip[..(int)Math.Min(skip.Length, _remaining)]);
                }

                _ = batch.ReadByte(); // the newline after each object
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>The tree holds something only a real checkout packs faithfully.</summary>
internal sealed class CheckoutRequiredException(string message) : Exception(message);
