using GitOps.Kustomize.Internal.Patches;
using GitOps.Patching;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal;

/// <summary>Resources accumulated so far and the transformer configuration in force.</summary>
internal sealed class ResAccumulator
{
    public ResMap ResMap { get; } = new();

    public TransformerConfig Config { get; set; } = TransformerConfig.Empty();

    public Vars.VarSet Vars { get; } = new();

    public void MergeAccumulator(ResAccumulator other)
    {
        ResMap.AppendAll(other.ResMap);
        Config = Config.Merge(other.Config);
        Vars.MergeSet(other.Vars);
    }
}

/// <summary>One kustomization directory being built: loads its file and accumulates its resources.</summary>
internal sealed class KustTarget
{
    private static readonly string[] KustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    private readonly FileLoader _ldr;
    private readonly BuildContext _context;

    private KustTarget(FileLoader ldr, BuildContext context, Kustomization k, string fileName)
    {
        _ldr = ldr;
        _context = context;
        Kustomization = k;
        FileName = fileName;
    }

    public Kustomization Kustomization { get; }

    public FileLoader Loader => _ldr;

    public BuildContext Context => _context;

    public string FileName { get; }

    /// <summary>The origin path of resources accumulated by this target, when origins are tracked.</summary>
    public string? OriginPath { get; set; }

    public static KustTarget Load(FileLoader ldr, BuildContext context)
    {
        string? content = null;
        string? name = null;
        var matches = 0;
        foreach (var candidate in KustomizationFileNames)
        {
            var path = Path.Combine(ldr.Root, candidate);
            if (File.Exists(path) && ExactNameExists(ldr.Root, candidate))
            {
                matches++;
                content = ldr.Load(candidate);
                name = candidate;
            }
        }

        if (matches == 0)
        {
            throw new KustomizeException($"unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{ldr.Root}'");
        }

        if (matches > 1)
        {
            throw new KustomizeException($"Found multiple kustomization files under: {ldr.Root}");
        }

        var k = Kustomization.Parse(content!, ldr.Root);
        return new KustTarget(ldr, context, k, name!);
    }

    /// <summary>A target whose kustomization is given as text instead of read from the directory (Flux's in-memory generated or amended file).</summary>
    public static KustTarget FromText(FileLoader ldr, BuildContext context, string content, string fileName) =>
        new(ldr, context, Kustomization.Parse(content, ldr.Root), fileName);

    private static bool ExactNameExists(string dir, string name)
    {
        // On case-insensitive file systems "Kustomization" would also match "kustomization.yaml"'s stem; check the listing.
        foreach (var f in Directory.EnumerateFiles(dir))
        {
            if (string.Equals(Path.GetFileName(f), name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The build of the top kustomization: accumulate, add hash suffixes, fix name references, drop local config.</summary>
    public ResMap MakeCustomizedResMap()
    {
        if (Kustomization.BuildMetadata.Count > 0)
        {
            OriginPath = string.Empty;
        }

        OpenApiField.Apply(this, reset: true);
        var ra = AccumulateTarget(new ResAccumulator());
        Transformers.AddHashSuffixes(ra.ResMap);
        ra.ResMap.InvalidateIndex();
        NameReferenceTransformer.Fix(ra.ResMap, ra.Config.NameReference);
        Vars.VarResolver.ResolveVars(ra);
        Transformers.DropLocalConfig(ra.ResMap);
        return ra.ResMap;
    }

    /// <summary>The objects read from files and directories (kustomize's accumulateResources into a new accumulator).</summary>
    public ResMap AccumulatePaths(List<string> paths)
    {
        var ra = new ResAccumulator();
        AccumulateResources(ra, paths);
        return ra.ResMap;
    }

    public ResAccumulator AccumulateTarget(ResAccumulator ra)
    {
        _context.CancellationToken.ThrowIfCancellationRequested();
        try
        {
            AccumulateResources(ra, Kustomization.Resources);
        }
        catch (KustomizeException ex)
        {
            throw new KustomizeException("accumulating resources: " + ex.Message, ex);
        }

        ra.Config = ra.Config.Merge(Configurations.TransformerConfigFiles.Load(_ldr, Kustomization.Configurations));
        if (Kustomization.Crds.Count > 0)
        {
            ra.Config = ra.Config.Merge(CrdConfig.Load(_ldr, Kustomization.Crds));
        }

        Generators.Run(this, _ldr, ra);
        Plugins.BuiltinPlugins.RunGenerators(this, _ldr, ra);
        AccumulateComponents(ra, Kustomization.Components, out var merged);
        ra = merged;
        Transformers.Run(this, ra);
        Replacements.ReplacementTransformer.Run(_ldr, Kustomization, ra);
        Plugins.BuiltinPlugins.RunTransformers(this, _ldr, ra);
        ra.ResMap.InvalidateIndex();
        Vars.VarResolver.MergeVars(ra, Kustomization.Vars);
        return ra;
    }

    private void AccumulateResources(ResAccumulator ra, List<string> paths)
    {
        foreach (var path in paths)
        {
            if (FileLoader.LooksRemote(path))
            {
                throw new KustomizeException($"remote resource '{path}' is not supported: builds read local files only");
            }

            if (_ldr.IsFile(path))
            {
                try
                {
                    AccumulateFile(ra, path);
                }
                catch (KustomizeException ex) when (!ex.Message.StartsWith("accumulating resources from '" + path + "': MalformedYAMLError", StringComparison.Ordinal))
                {
                    // kustomize then tries the file as a directory and reports both failures (malformed YAML alone).
                    var full = Path.GetFullPath(Path.Combine(_ldr.Root, path));
                    throw new KustomizeException($"accumulation err='{ex.Message}': must build at directory: '{full}': file is not directory", ex);
                }

                continue;
            }

            FileLoader sub;
            try
            {
                sub = _ldr.New(path);
            }
            catch (KustomizeException ex)
            {
                // kustomize first tried the path as a file: a directory that exists "must resolve to a file", not "no such file".
                var full = Path.GetFullPath(Path.Combine(_ldr.Root, path));
                var asFile = Directory.Exists(full) ? $"'{full}' must resolve to a file" : $"open {full}: no such file or directory";
                throw new KustomizeException($"accumulation err='accumulating resources from '{path}': {asFile}': {ex.Message}", ex);
            }

            var savedOrigin = OriginPath;
            if (OriginPath is not null)
            {
                OriginPath = CombineOrigin(OriginPath, path);
            }

            try
            {
                AccumulateDirectory(ra, sub, isComponent: false, out _);
            }
            catch (KustomizeException ex)
            {
                // kustomize prefixes a directory's failure with why the path was not a file, as it does for the loader's.
                var full = Path.GetFullPath(Path.Combine(_ldr.Root, path));
                throw new KustomizeException($"accumulation err='accumulating resources from '{path}': '{full}' must resolve to a file': {ex.Message}", ex);
            }
            finally
            {
                OriginPath = savedOrigin;
            }
        }
    }

    private void AccumulateComponents(ResAccumulator ra, List<string> paths, out ResAccumulator result)
    {
        result = ra;
        foreach (var path in paths)
        {
            FileLoader sub;
            try
            {
                sub = _ldr.New(path);
            }
            catch (KustomizeException ex)
            {
                throw new KustomizeException("accumulating components: loader.New " + Patches.GoQuote.Quote(ex.Message), ex);
            }

            var savedOrigin = OriginPath;
            if (OriginPath is not null)
            {
                OriginPath = CombineOrigin(OriginPath, path);
            }

            try
            {
                result = AccumulateDirectory(result, sub, isComponent: true, out _);
            }
            catch (KustomizeException ex)
            {
                throw new KustomizeException("accumulating components: accumulateDirectory: " + Patches.GoQuote.Quote(ex.Message), ex);
            }
            finally
            {
                OriginPath = savedOrigin;
            }
        }
    }

    private ResAccumulator AccumulateDirectory(ResAccumulator ra, FileLoader ldr, bool isComponent, out KustTarget sub)
    {
        try
        {
            sub = Load(ldr, _context);
        }
        catch (KustomizeException ex)
        {
            throw new KustomizeException($"couldn't make target for path '{ldr.Root}': {ex.Message}", ex);
        }

        sub.Kustomization.BuildMetadata = Kustomization.BuildMetadata;
        sub.OriginPath = OriginPath;
        OpenApiField.Apply(sub, reset: false);
        if (isComponent && !sub.Kustomization.IsComponent)
        {
            throw new KustomizeException($"expected kind 'Component' for path '{ldr.Root}' but got '{sub.Kustomization.Kind}'");
        }

        if (!isComponent && sub.Kustomization.IsComponent)
        {
            throw new KustomizeException($"expected kind != 'Component' for path '{ldr.Root}'");
        }

        ResAccumulator subRa;
        try
        {
            if (isComponent)
            {
                subRa = sub.AccumulateTarget(ra);
                ra = new ResAccumulator();
            }
            else
            {
                subRa = sub.AccumulateTarget(new ResAccumulator());
            }
        }
        catch (KustomizeException ex)
        {
            throw new KustomizeException($"recursed accumulation of path '{ldr.Root}': {ex.Message}", ex);
        }

        try
        {
            ra.MergeAccumulator(subRa);
        }
        catch (KustomizeException ex)
        {
            throw new KustomizeException($"recursed merging from path '{ldr.Root}': {ex.Message}", ex);
        }

        return ra;
    }

    private void AccumulateFile(ResAccumulator ra, string path)
    {
        List<Resource> resources;
        try
        {
            resources = ResourceFactory.FromUtf8(_ldr.LoadBytes(path), _context);
        }
        catch (KustomizeException ex)
        {
            throw new KustomizeException($"accumulating resources from '{path}': {ex.Message}", ex);
        }

        if (OriginPath is not null)
        {
            var origin = "path: " + OriginYaml.Quote(CombineOrigin(OriginPath, path)) + "\n";
            foreach (var r in resources)
            {
                r.SetAnnotation(Resource.OriginAnnotation, origin);
            }
        }

        try
        {
            foreach (var r in resources)
            {
                ra.ResMap.Append(r);
                _context.CountResource();
            }
        }
        catch (KustomizeException ex)
        {
            throw new KustomizeException($"merging resources from '{path}': {ex.Message}", ex);
        }
    }

    public static string CombineOrigin(string originPath, string path)
    {
        var combined = originPath.Length == 0 ? path : originPath + "/" + path;
        return CleanPath(combined);
    }

    /// <summary>Go's path.Clean for relative slash paths.</summary>
    public static string CleanPath(string p)
    {
        var rooted = p.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in p.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }

                continue;
            }

            parts.Add(part);
        }

        var s = string.Join('/', parts);
        if (rooted)
        {
            return "/" + s;
        }

        return s.Length == 0 ? "." : s;
    }
}

/// <summary>State shared by every target of one build: limits and cancellation.</summary>
internal sealed class BuildContext(KustomizeBuildOptions options, CancellationToken cancellationToken)
{
    private int _resources;

    public KustomizeBuildOptions Options { get; } = options;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    // One table of shared scalar texts per build: the files of a tree repeat each other's values, and the table goes
    // when the build does.
    public YamlReaderOptions YamlOptions { get; } = new() { MaxDepth = options.MaxYamlDepth, SharedTexts = new GitOps.Yaml.Internal.SharedTexts() };

    /// <summary>The schema strategic merge patches use, once an <c>openapi</c> field set one (kustomize's global schema).</summary>
    public PatchSchema? PatchSchema { get; set; }

    /// <summary>Whether an <c>openapi</c> field has chosen the schema (later ones below the top are ignored, as in kustomize).</summary>
    public bool OpenApiChosen { get; set; }

    public void CountResource()
    {
        if (++_resources > Options.MaxResources)
        {
            throw new KustomizeException($"the build has more than {Options.MaxResources} resources");
        }
    }
}
