using System.Globalization;
using System.Text;

namespace GitOps.Kustomize.Tests.Differential;

/// <summary>
/// Writes small random kustomization trees (a base and an overlay) that exercise the features of this
/// build: names, prefixes and suffixes, namespaces, labels and annotations, images, replicas, config
/// map and secret generators with merge, name references and YAML scalars of every awkward style.
/// </summary>
internal sealed class TreeGenerator(int seed)
{
    private static readonly string[] Words = ["app", "web", "db", "cache", "api", "front", "back", "queue", "worker", "edge"];

    private static readonly string[] AwkwardScalars =
    [
        "yes", "\"no\"", "on", "'off'", "y", "N", "true", "\"false\"", "~", "null", "\"\"", "''", "0755", "0o17", "0x1F", "1_000", "1e3", "1.50",
        "-0.0", ".5", "12:30", "\"12:30:45\"", "2024-01-02", "\"2024-01-02T03:04:05Z\"", "+12", "-7", "9223372036854775807",
        "18446744073709551615", "123456789012345678901234", "3.14159265358979", "1234567.5", "0.000001234",
        "\"a: b\"", "'# not a comment'", "\"  leading space\"", "\"trailing space  \"", "\"tab\\there\"", "\"multi\\nline\\n\"",
        "\"emoji \U0001F600\"", "héllo wörld", "\"back\\\\slash\"", "'single ''quoted'''", "\"-dash\"", "\"- dash space\"", "\"*star\"",
        "\"&amp\"", "\"!bang\"", "\"%percent\"", "\"@at\"", "\"`tick\"", "\"{brace}\"", "\"[bracket]\"", "\"?q\"", "\"? q\"", "\"|pipe\"", "\">gt\"",
        "\"---\"", "\"...\"", "\"a # b\"", "a#b", "\"x:y\"",
        "\"this is a long line of text that goes on and on past the eighty column limit of the yaml emitter for sure yes\"",
        "this plain text is also long enough to need folding at the width of eighty columns when written out again",
        "\"short\\n  indented second line\\nthird\"", "|\n    literal block\n    two lines\n", ">\n    folded block\n    joined\n", "|-\n    no newline at end\n",
        "\"\\u00e9\\u00e8 accents\"", "\"\\x7f del\"", "\"nbsp\\u00a0here\"",
    ];

    private readonly Random _random = new(seed);

    private string Pick(string[] items) => items[_random.Next(items.Length)];

    private bool Chance(int percent) => _random.Next(100) < percent;

    private string Name() => Pick(Words) + (Chance(50) ? "-" + Pick(Words) : string.Empty);

    /// <summary>Writes the tree under <paramref name="root"/> and returns the directory to build.</summary>
    public string Write(string root)
    {
        var baseDir = Directory.CreateDirectory(Path.Combine(root, "base")).FullName;
        var overlay = Directory.CreateDirectory(Path.Combine(root, "overlay")).FullName;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var resources = new List<string>();
        var cmName = "settings";
        var secretName = "creds";
        var saName = "runner";
        var count = 1 + _random.Next(4);
        for (var i = 0; i < count; i++)
        {
            var name = Name();
            if (!names.Add(name))
            {
                continue;
            }

            var file = $"deploy-{i}.yaml";
            File.WriteAllText(Path.Combine(baseDir, file), Deployment(name, cmName, secretName, saName));
            resources.Add(file);
            if (Chance(60))
            {
                var svc = $"svc-{i}.yaml";
                File.WriteAllText(Path.Combine(baseDir, svc), Service(name));
                resources.Add(svc);
            }
        }

        File.WriteAllText(Path.Combine(baseDir, "rbac.yaml"), Rbac(saName));
        resources.Add("rbac.yaml");
        File.WriteAllText(Path.Combine(baseDir, "custom.yaml"), Custom());
        resources.Add("custom.yaml");
        File.WriteAllText(Path.Combine(baseDir, "app.env"), "# settings\nLOG_LEVEL=debug\nEMPTY=\nQUOTED=\"kept quotes\"\n  SPACED=value with spaces\n");
        File.WriteAllText(Path.Combine(baseDir, "config.json"), "{\n  \"a\": 1,\n  \"b\": \"<tag> & more\"\n}\n");

        var k = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
        foreach (var r in resources)
        {
            k.Append("- ").Append(r).Append('\n');
        }

        k.Append($"configMapGenerator:\n- name: {cmName}\n  literals:\n  - mode=fast\n  - count=3\n  - flag=yes\n  envs:\n  - app.env\n  files:\n  - config.json\n");
        k.Append($"secretGenerator:\n- name: {secretName}\n  literals:\n  - password=s3cr3t\n  - token=a-much-longer-token-value-that-makes-the-base64-wrap-past-seventy-characters\n");
        if (Chance(50))
        {
            k.Append("  type: kubernetes.io/opaque-custom\n");
        }

        if (Chance(50))
        {
            k.Append($"namePrefix: b{_random.Next(10)}-\n");
        }

        File.WriteAllText(Path.Combine(baseDir, "kustomization.yaml"), k.ToString());

        var o = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../base\n");
        if (Chance(70))
        {
            o.Append($"namePrefix: {Pick(Words)}-\n");
        }

        if (Chance(50))
        {
            o.Append($"nameSuffix: -{Pick(Words)}\n");
        }

        if (Chance(70))
        {
            o.Append($"namespace: ns-{Pick(Words)}\n");
        }

        if (Chance(50))
        {
            o.Append($"commonLabels:\n  team: {Pick(Words)}\n  tier: \"{_random.Next(3)}\"\n");
        }

        if (Chance(50))
        {
            o.Append($"labels:\n- pairs:\n    owner: {Pick(Words)}\n  includeSelectors: {(Chance(50) ? "true" : "false")}\n  includeTemplates: {(Chance(50) ? "true" : "false")}\n");
        }

        if (Chance(50))
        {
            o.Append("commonAnnotations:\n  note: \"yes\"\n  long: this annotation value is long enough that the emitter folds it over more than one line of output\n");
        }

        if (Chance(60))
        {
            o.Append("images:\n- name: nginx\n  newTag: \"1.27\"\n- name: registry.example.com/tools/helper\n  newName: mirror.example.com/helper\n  digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
        }

        if (Chance(40))
        {
            o.Append("replicas:\n");
            foreach (var n in names.Take(1))
            {
                o.Append($"- name: {n}\n  count: {_random.Next(1, 9)}\n");
            }
        }

        o.Append($"configMapGenerator:\n- name: {cmName}\n  behavior: merge\n  literals:\n  - mode=slow\n  - extra=on\n");
        if (Chance(50))
        {
            o.Append("- name: overlay-only\n  literals:\n  - key=value\n  options:\n    disableNameSuffixHash: true\n    labels:\n      generated: \"true\"\n");
        }

        if (Chance(50))
        {
            o.Append("generatorOptions:\n  annotations:\n    from: generator\n");
        }

        File.WriteAllText(Path.Combine(overlay, "kustomization.yaml"), o.ToString());
        return overlay;
    }

    private string Scalar() => Pick(AwkwardScalars);

    private string Deployment(string name, string cm, string secret, string sa)
    {
        var sb = new StringBuilder();
        sb.Append("# a comment kustomize drops\n");
        sb.Append($"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  labels:\n    app: {name}\n");
        sb.Append($"  annotations:\n    awkward: {Indent(Scalar(), 4)}\n");
        sb.Append($"spec:\n  replicas: {_random.Next(1, 5)}\n  selector:\n    matchLabels:\n      app: {name}\n");
        sb.Append($"  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      serviceAccountName: {sa}\n");
        sb.Append("      containers:\n");
        sb.Append($"      - name: main\n        image: {(Chance(50) ? "nginx" : "nginx:1.25")}\n");
        sb.Append("        args: [\"--port\", \"8080\", '--flag=yes']\n");
        sb.Append($"        env:\n        - name: AWKWARD\n          value: {Indent(Scalar(), 12)}\n");
        sb.Append($"        - name: FROM_CM\n          valueFrom:\n            configMapKeyRef:\n              name: {cm}\n              key: mode\n");
        sb.Append($"        envFrom:\n        - secretRef:\n            name: {secret}\n");
        sb.Append("        resources:\n          limits: {cpu: 500m, memory: 128Mi}\n");
        if (Chance(50))
        {
            sb.Append("      - name: helper\n        image: registry.example.com/tools/helper:v2\n");
        }

        sb.Append($"      volumes:\n      - name: config\n        configMap:\n          name: {cm}\n");
        return sb.ToString();
    }

    private string Service(string name) =>
        $"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector:\n    app: {name}\n  ports:\n  - port: {_random.Next(80, 9000)}\n    targetPort: {(Chance(50) ? "http" : "8080")}\n";

    private static string Rbac(string sa) =>
        $"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {sa}\n---\n"
        + "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\nrules:\n- apiGroups: [\"\"]\n  resources: [configmaps]\n  verbs: [get, list]\n---\n"
        + $"apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: read-config\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader\nsubjects:\n- kind: ServiceAccount\n  name: {sa}\n- kind: ServiceAccount\n  name: default\n";

    private string Custom()
    {
        var sb = new StringBuilder("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: widget\nspec:\n");
        for (var i = 0; i < 12; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  k{i}: {Indent(Scalar(), 4)}\n");
        }

        sb.Append("  list:\n");
        for (var i = 0; i < 4; i++)
        {
            sb.Append($"  - {Indent(Scalar(), 4)}\n");
        }

        sb.Append("  nested:\n    empty_map: {}\n    empty_list: []\n    a10: 1\n    a2: 2\n    A1: 3\n    _x: 4\n    \"1key\": 5\n");
        return sb.ToString();
    }

    /// <summary>Block scalars in the pool are written with 4-space content indent; re-indent them for their place.</summary>
    private static string Indent(string scalar, int indent)
    {
        if (!scalar.Contains('\n', StringComparison.Ordinal))
        {
            return scalar;
        }

        var lines = scalar.Split('\n');
        var pad = new string(' ', indent);
        return lines[0] + "\n" + string.Join('\n', lines.Skip(1).Select(l => l.Length == 0 ? l : pad + l.TrimStart())).TrimEnd(' ');
    }
}
