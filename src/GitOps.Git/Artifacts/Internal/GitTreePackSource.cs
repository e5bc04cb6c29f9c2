using GitOps.Artifacts.Packaging;
using Lg2 = LibGit2Sharp;

namespace GitOps.Git.Artifacts.Internal;

/// <summary>
/// A commit's tree read from the object database, as <see cref="ArtifactPackager"/> would see its checkout: regular
/// files with their execute bit, folders, submodules as the empty folders a checkout without submodules leaves,
/// symbolic links never packed. What a checkout could change or refuse (<c>.gitattributes</c> conversions, a linked
/// <c>.sourceignore</c>, names git would not write) throws <see cref="CheckoutRequiredException"/>: the caller then
/// packs a real checkout.
/// </summary>
internal sealed class GitTreePackSource : PackSource
{
    private readonly Lg2.Repository _repository;
    private readonly Dictionary<string, Lg2.Tree?> _trees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Lg2.ObjectId> _blobs = new(StringComparer.Ordinal);

    public GitTreePackSource(Lg2.Repository repository, Lg2.Tree root)
    {
        _repository = repository;
        _trees[string.Empty] = root;
    }

    public override IEnumerable<PackSourceEntry> GetEntries(string directory)
    {
        if (!_trees.TryGetValue(directory, out var tree))
        {
            throw new DirectoryNotFoundException($"'{directory}' is not a folder of the tree");
        }

        if (tree is null)
        {
            return []; // a submodule: an empty folder in a checkout without submodules
        }

        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        var entries = new List<PackSourceEntry>(tree.Count);
        foreach (var entry in tree)
        {
            var name = entry.Name;
            if (name is "" or "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal)
                || name.Equals(".git", StringComparison.OrdinalIgnoreCase) || name.Equals(".gitattributes", StringComparison.Ordinal))
            {
                throw new CheckoutRequiredException($"'{prefix}{name}' needs a checkout");
            }

            var path = prefix + name;
            switch (entry.Mode)
            {
                case Lg2.Mode.Directory:
                    _trees[path] = (Lg2.Tree)entry.Target;
                    entries.Add(new PackSourceEntry(name, PackSourceEntryKind.Directory));
                    break;
                case Lg2.Mode.GitLink:
                    _trees[path] = null;
                    entries.Add(new PackSourceEntry(name, PackSourceEntryKind.Directory));
                    break;
                case Lg2.Mode.NonExecutableFile or Lg2.Mode.NonExecutableGroupWritableFile or Lg2.Mode.ExecutableFile:
                    var id = entry.Target.Id;
                    _blobs[path] = id;
                    var size = _repository.ObjectDatabase.RetrieveObjectMetadata(id).Size;
                    entries.Add(new PackSourceEntry(name, PackSourceEntryKind.File, size, entry.Mode == Lg2.Mode.ExecutableFile));
                    break;
                case Lg2.Mode.SymbolicLink when name == GitOps.SourceIgnore.SourceIgnoreRules.FileName:
                    throw new CheckoutRequiredException($"'{path}' is a symbolic link (read through the checkout)");
                default:
                    entries.Add(new PackSourceEntry(name, PackSourceEntryKind.Other));
                    break;
            }
        }

        return entries;
    }

    public override Stream OpenRead(string path) =>
        _blobs.TryGetValue(path, out var id)
            ? ((Lg2.Blob)_repository.Lookup(id)).GetContentStream()
            : throw new FileNotFoundException($"'{path}' is not a file of the tree");
}

/// <summary>The tree holds something only a real checkout packs faithfully.</summary>
internal sealed class CheckoutRequiredException(string message) : Exception(message);
