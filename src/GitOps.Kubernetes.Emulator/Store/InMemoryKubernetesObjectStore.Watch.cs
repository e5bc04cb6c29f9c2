using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Kubernetes.Emulator.Store.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Store;

public sealed partial class InMemoryKubernetesObjectStore
{
    /// <inheritdoc />
    public async IAsyncEnumerable<KubernetesWatchEvent> WatchAsync(KubernetesResourceType type, string? namespaceName, KubernetesWatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        options ??= new KubernetesWatchOptions();
        var watcher = new Watcher(type, GroupKind(type), type.Namespaced ? namespaceName : null, LabelSelector.Parse(options.LabelSelector), FieldSelector.Parse(options.FieldSelector),
            Channel.CreateBounded<KubernetesWatchEvent>(new BoundedChannelOptions(_options.MaxPendingWatchEvents) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true }));
        lock (_lock)
        {
            Subscribe(watcher, options);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            var reader = watcher.Events.Reader;
            while (!timeout.IsCancellationRequested)
            {
                while (reader.TryRead(out var next))
                {
                    yield return next;
                }

                if (!await WaitAsync(reader, options, timeout.Token).ConfigureAwait(false))
                {
                    if (timeout.IsCancellationRequested || reader.Completion.IsCompleted)
                    {
                        break;
                    }

                    yield return Bookmark(type, ResourceVersion, initialEventsEnd: false);
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    // True when events are ready; false on a bookmark tick, a timeout or a closed channel.
    private static async Task<bool> WaitAsync(ChannelReader<KubernetesWatchEvent> reader, KubernetesWatchOptions options, CancellationToken cancellationToken)
    {
        try
        {
            if (!options.AllowBookmarks)
            {
                return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            }

            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(options.BookmarkInterval);
            return await reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Subscribe(Watcher watcher, KubernetesWatchOptions options)
    {
        var start = options.ResourceVersion;
        var writer = watcher.Events.Writer;
        if (string.IsNullOrEmpty(start) || start == "0" || options.SendInitialEvents)
        {
            foreach (var (key, obj) in Bucket(watcher.Type))
            {
                if (watcher.Namespace is null || key.StartsWith(watcher.Namespace + "/", StringComparison.Ordinal))
                {
                    var converted = ToVersion(obj, watcher.Type);
                    if (watcher.Labels.Matches(converted) && watcher.Fields.Matches(converted))
                    {
                        writer.TryWrite(new KubernetesWatchEvent(KubernetesWatchEventType.Added, converted));
                    }
                }
            }

            if (options.SendInitialEvents)
            {
                writer.TryWrite(Bookmark(watcher.Type, ResourceVersion, initialEventsEnd: true));
            }
        }
        else
        {
            if (!long.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
            {
                throw KubernetesApiException.BadRequest($"invalid resource version: \"{start}\"");
            }

            var oldest = _history.Count > 0 ? _history[0].ResourceVersion : _resourceVersion + 1;
            if (from < oldest - 1 && from < _resourceVersion)
            {
                throw KubernetesApiException.Gone($"too old resource version: {from} ({oldest - 1})");
            }

            foreach (var entry in _history)
            {
                if (entry.ResourceVersion > from)
                {
                    Deliver(watcher, entry);
                }
            }
        }

        _watchers.Add(watcher);
    }

    private void Publish(HistoryEntry entry)
    {
        _history.Add(entry);
        if (_history.Count > _options.MaxWatchHistory)
        {
            _history.RemoveRange(0, _history.Count - _options.MaxWatchHistory);
        }

        foreach (var watcher in _watchers)
        {
            Deliver(watcher, entry);
        }
    }

    private static void Deliver(Watcher watcher, HistoryEntry entry)
    {
        if (entry.GroupKind != watcher.GroupKind || watcher.Namespace is not null && entry.Namespace != watcher.Namespace)
        {
            return;
        }

        var now = ToVersion(entry.New, watcher.Type);
        var before = entry.Old is null ? null : ToVersion(entry.Old, watcher.Type);
        var matchesNow = watcher.Labels.Matches(now) && watcher.Fields.Matches(now);
        var matchedBefore = before is not null && watcher.Labels.Matches(before) && watcher.Fields.Matches(before);
        KubernetesWatchEventType? type = entry.Change switch
        {
            KubernetesWatchEventType.Deleted => matchedBefore ? KubernetesWatchEventType.Deleted : null,
            _ when matchesNow && matchedBefore => KubernetesWatchEventType.Modified,
            _ when matchesNow => KubernetesWatchEventType.Added,
            _ when matchedBefore => KubernetesWatchEventType.Deleted,
            _ => null,
        };
        if (type is { } t && !watcher.Events.Writer.TryWrite(new KubernetesWatchEvent(t, now)))
        {
            // A watcher that fell too far behind is ended; its client re-lists, as with a real server.
            watcher.Events.Writer.TryComplete();
        }
    }

    private static KubernetesWatchEvent Bookmark(KubernetesResourceType type, string resourceVersion, bool initialEventsEnd) =>
        new(KubernetesWatchEventType.Bookmark, Obj.Map(
            ("kind", Obj.Str(type.Kind)),
            ("apiVersion", Obj.Str(type.ApiVersion)),
            ("metadata", Obj.Map(
                ("resourceVersion", Obj.Str(resourceVersion)),
                ("annotations", initialEventsEnd ? Obj.Map(("k8s.io/initial-events-end", Obj.Str("true"))) : null)))));

    private sealed record HistoryEntry(long ResourceVersion, string GroupKind, string? Namespace, KubernetesWatchEventType Change, SsaValue? Old, SsaValue New);

    private sealed record Watcher(KubernetesResourceType Type, string GroupKind, string? Namespace, LabelSelector Labels, FieldSelector Fields, Channel<KubernetesWatchEvent> Events);
}
