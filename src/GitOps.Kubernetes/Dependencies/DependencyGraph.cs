namespace GitOps.Kubernetes.Dependencies;

/// <summary>A namespaced reference: <c>namespace/name</c>, or <c>name</c> when the namespace is empty.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The name.</param>
public readonly record struct NamespacedName(string Namespace, string Name)
{
    /// <summary><c>namespace/name</c>, or <c>name</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Namespace.Length == 0 ? Name : Namespace + "/" + Name;
}

/// <summary>An object and what it depends on (<c>spec.dependsOn</c>; a dependency without a namespace is in the object's).</summary>
/// <param name="Name">The object.</param>
/// <param name="DependsOn">Its dependencies.</param>
public sealed record Dependent(NamespacedName Name, IReadOnlyList<NamespacedName> DependsOn);

/// <summary>The circular dependency a sort found.</summary>
public sealed class CircularDependencyException : GitOpsException
{
    /// <summary>Creates an exception.</summary>
    public CircularDependencyException()
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    public CircularDependencyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CircularDependencyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The cycle, first element repeated last (<c>a, b, a</c>).</summary>
    public IReadOnlyList<string> Cycle { get; init; } = [];
}

/// <summary>Orders objects so that dependencies come first (<c>fluxcd/pkg runtime/dependency/sort.go</c>): a depth-first topological sort in input order.</summary>
public static class DependencyGraph
{
    /// <summary>Sorts objects by their dependencies. Dependencies that are not in the input are listed too, before their dependents.</summary>
    /// <param name="objects">The objects.</param>
    /// <returns>The order to reconcile them in.</returns>
    /// <exception cref="CircularDependencyException"><c>circular dependency detected: a -> b -> a</c>.</exception>
    public static IReadOnlyList<NamespacedName> Sort(IEnumerable<Dependent> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var vertices = new List<NamespacedName>();
        var edges = new Dictionary<NamespacedName, List<NamespacedName>>();
        foreach (var o in objects)
        {
            vertices.Add(o.Name);
            foreach (var d in o.DependsOn)
            {
                var v = d.Namespace.Length == 0 ? d with { Namespace = o.Name.Namespace } : d;
                if (!edges.TryGetValue(o.Name, out var list))
                {
                    edges[o.Name] = list = [];
                }

                list.Add(v);
            }
        }

        var sorted = new List<NamespacedName>();
        var marks = new Dictionary<NamespacedName, bool>(); // false: in progress, true: done
        foreach (var u in vertices)
        {
            if (!marks.ContainsKey(u) && Visit(u, edges, marks, sorted) is { } cycle)
            {
                cycle.Reverse();
                throw new CircularDependencyException("circular dependency detected: " + string.Join(" -> ", cycle)) { Cycle = cycle };
            }
        }

        return sorted;
    }

    private static List<string>? Visit(NamespacedName u, Dictionary<NamespacedName, List<NamespacedName>> edges, Dictionary<NamespacedName, bool> marks, List<NamespacedName> sorted)
    {
        marks[u] = false;
        foreach (var v in edges.GetValueOrDefault(u) ?? [])
        {
            if (marks.TryGetValue(v, out var done))
            {
                if (done)
                {
                    continue;
                }

                return [v.ToString(), u.ToString()];
            }

            if (Visit(v, edges, marks, sorted) is { } cycle)
            {
                cycle.Add(u.ToString());
                return cycle;
            }
        }

        marks[u] = true;
        sorted.Add(u);
        return null;
    }
}
