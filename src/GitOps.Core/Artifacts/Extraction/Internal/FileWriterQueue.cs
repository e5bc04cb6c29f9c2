using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace GitOps.Artifacts.Extraction.Internal;

/// <summary>
/// Writes small extracted files on worker threads while the reader goes on decompressing and checking the
/// next entries: creating files is most of an extraction's cost, and it parallelises. Every check happens
/// before a file is queued; a worker only creates (never replaces) a file whose folder already exists.
/// At most <see cref="Capacity"/> files of at most <see cref="MaxQueuedFileBytes"/> bytes wait at once, so
/// the queue holds a bounded amount of memory whatever the archive.
/// </summary>
internal sealed class FileWriterQueue : IAsyncDisposable
{
    /// <summary>Files larger than this are written by the reader itself, streaming.</summary>
    public const int MaxQueuedFileBytes = 64 * 1024;

    private const int Capacity = 64;
    private const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101;

    private readonly Channel<Job> _jobs = Channel.CreateBounded<Job>(new BoundedChannelOptions(Capacity)
    {
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly CancellationTokenSource _failed = new();
    private readonly Task[] _workers;
    private ExceptionDispatchInfo? _failure;

    public FileWriterQueue()
    {
        var count = Math.Clamp(Environment.ProcessorCount - 1, 1, 3);
        _workers = new Task[count];
        for (var i = 0; i < count; i++)
        {
            // Dedicated threads: they block on file system calls, and must not starve the thread pool that
            // the network reads and the reader's continuations run on.
            _workers[i] = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Queues a file: <paramref name="data"/> (rented from the shared pool, returned here) holds its <paramref name="length"/> bytes.</summary>
    public async ValueTask EnqueueAsync(string path, byte[] data, int length, bool executable, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failed.Token);
        try
        {
            await _jobs.Writer.WriteAsync(new Job(path, data, length, executable), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_failure is not null)
        {
            ReturnBuffer(data);
            _failure.Throw();
        }
        catch
        {
            ReturnBuffer(data);
            throw;
        }
    }

    /// <summary>Waits until every queued file is written; rethrows the first failure of a worker.</summary>
    public async Task CompleteAsync()
    {
        _jobs.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _failure?.Throw();
    }

    /// <summary>Stops taking files and waits for the workers, so that nothing is written after an extraction failed.</summary>
    public async ValueTask DisposeAsync()
    {
        _jobs.Writer.TryComplete();
        await _failed.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        while (_jobs.Reader.TryRead(out var job))
        {
            ReturnBuffer(job.Data);
        }

        _failed.Dispose();
    }

    private void Run()
    {
        try
        {
            while (_jobs.Reader.WaitToReadAsync(_failed.Token).AsTask().GetAwaiter().GetResult())
            {
                while (_jobs.Reader.TryRead(out var job))
                {
                    try
                    {
                        Write(job);
                    }
                    finally
                    {
                        ReturnBuffer(job.Data);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_failed.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(ex), null);
            _failed.Cancel();
        }
    }

    /// <summary>Returns a buffer from <see cref="ArrayPool{T}.Shared"/> (empty files have none).</summary>
    public static void ReturnBuffer(byte[] data)
    {
        if (data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    private static void Write(Job job)
    {
        using var file = File.OpenHandle(job.Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        if (job.Length > 0)
        {
            RandomAccess.Write(file, job.Data.AsSpan(0, job.Length), 0);
        }

        if (job.Executable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, ExecutableMode);
        }
    }

    private readonly record struct Job(string Path, byte[] Data, int Length, bool Executable);
}
