using GitOps.ImageAutomation.Automation.Internal;
using GitOps.ImageAutomation.Setters;

namespace GitOps.ImageAutomation.Automation;

/// <summary>
/// An ImageUpdateAutomation's <c>spec.git.commit.messageTemplate</c>, rendered over Flux's <c>TemplateData</c>:
/// <c>.AutomationObject</c> (<c>namespace/name</c>), <c>.Changed.FileChanges</c> (file → object → changes),
/// <c>.Changed.Objects</c> (object → changes), <c>.Changed.Changes</c> (each change once), and
/// <c>.Values</c> (<c>messageTemplateValues</c>); an object has <c>.APIVersion .Kind .Name .Namespace</c>, a
/// change <c>.OldValue .NewValue .Setter</c>. The Go <c>text/template</c> subset supported: field chains and
/// variables, <c>range</c> (maps in sorted key order, as Go), <c>if</c>, <c>with</c>, <c>else</c>, <c>end</c>,
/// trim markers and comments. Functions (sprig), pipes, <c>define</c>/<c>template</c> and literals are not.
/// </summary>
public sealed class CommitMessageTemplate
{
    /// <summary>Flux's message when no template is given.</summary>
    public const string DefaultTemplate = "Update from image update automation";

    private readonly GoTemplate _template;

    private CommitMessageTemplate(string text, GoTemplate template)
    {
        Text = text;
        _template = template;
    }

    /// <summary>The template text.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/> (Flux's default when null or empty).</summary>
    /// <exception cref="ImageAutomationException">The template uses syntax outside the supported subset or is malformed.</exception>
    public static CommitMessageTemplate Parse(string? text)
    {
        var source = string.IsNullOrEmpty(text) ? DefaultTemplate : text;
        try
        {
            return new CommitMessageTemplate(source, GoTemplate.Parse(source));
        }
        catch (FormatException ex)
        {
            throw new ImageAutomationException("unable to create commit message template from spec: " + ex.Message, ex);
        }
    }

    /// <summary>Renders the message.</summary>
    /// <param name="automationNamespace">The automation's namespace.</param>
    /// <param name="automationName">The automation's name.</param>
    /// <param name="changed">What the setters changed.</param>
    /// <param name="values">The template values (<c>messageTemplateValues</c>).</param>
    /// <exception cref="ImageAutomationException">The template refers to a field that does not exist (with Flux's messages for the removed <c>.Updated</c> and <c>.Changed.ImageResult</c>).</exception>
    public string Render(string automationNamespace, string automationName, SetterResult changed, IReadOnlyDictionary<string, string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var data = new TemplateStruct("source.TemplateData", new Dictionary<string, object?>
        {
            ["AutomationObject"] = new TemplateStruct("types.NamespacedName", new Dictionary<string, object?> { ["Namespace"] = automationNamespace, ["Name"] = automationName }, automationNamespace + "/" + automationName),
            ["Changed"] = Result(changed),
            ["Values"] = new TemplateMap([.. (values ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new KeyValuePair<object?, object?>(e.Key, e.Value))], string.Empty),
        }, "{…}");
        try
        {
            return _template.Execute(data);
        }
        catch (FormatException ex) when (ex.Message.Contains("can't evaluate field Updated in type source.TemplateData", StringComparison.Ordinal))
        {
            throw new ImageAutomationException("template uses removed '.Updated' field. Please use '.Changed' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template", ex);
        }
        catch (FormatException ex) when (ex.Message.Contains("can't evaluate field ImageResult in type update.Result", StringComparison.Ordinal))
        {
            throw new ImageAutomationException("template uses removed '.Changed.ImageResult' field. Please use '.Changed.FileChanges' or '.Changed.Objects' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template", ex);
        }
        catch (FormatException ex)
        {
            throw new ImageAutomationException("failed to run template from spec: " + ex.Message, ex);
        }
    }

    private static TemplateStruct Result(SetterResult changed)
    {
        var objects = new Dictionary<ObjectIdentifier, List<object?>>();
        var files = new List<KeyValuePair<object?, object?>>();
        foreach (var file in changed.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var perFile = new List<KeyValuePair<object?, object?>>();
            foreach (var o in file.Objects)
            {
                perFile.Add(new(Identifier(o.Resource), o.Changes.Select(Change).ToList<object?>()));
                if (!objects.TryGetValue(o.Resource, out var all))
                {
                    objects[o.Resource] = all = [];
                }

                all.AddRange(o.Changes.Select(Change));
            }

            files.Add(new(file.Path, new TemplateMap(SortByIdentifier(perFile))));
        }

        var unique = changed.Changes.Select(c => (c.Setter, c.OldValue, c.NewValue)).Distinct().Select(c => Change(new SetterChange(c.Setter, c.OldValue, c.NewValue, null!))).ToList<object?>();
        return new TemplateStruct("update.Result", new Dictionary<string, object?>
        {
            ["FileChanges"] = new TemplateMap(files),
            ["Objects"] = new TemplateMap(SortByIdentifier([.. objects.Select(e => new KeyValuePair<object?, object?>(Identifier(e.Key), e.Value))])),
            ["Changes"] = unique,
        }, "{…}");
    }

    // Go ranges a map keyed by a struct in field order: APIVersion, Kind, Name, Namespace.
    private static List<KeyValuePair<object?, object?>> SortByIdentifier(List<KeyValuePair<object?, object?>> entries) =>
        [.. entries.OrderBy(e => (string)((TemplateStruct)e.Key!).Fields["APIVersion"]!, StringComparer.Ordinal)
            .ThenBy(e => (string)((TemplateStruct)e.Key!).Fields["Kind"]!, StringComparer.Ordinal)
            .ThenBy(e => (string)((TemplateStruct)e.Key!).Fields["Name"]!, StringComparer.Ordinal)
            .ThenBy(e => (string)((TemplateStruct)e.Key!).Fields["Namespace"]!, StringComparer.Ordinal)];

    private static TemplateStruct Identifier(ObjectIdentifier id) => new("update.ObjectIdentifier", new Dictionary<string, object?>
    {
        ["APIVersion"] = id.ApiVersion,
        ["Kind"] = id.Kind,
        ["Name"] = id.Name,
        ["Namespace"] = id.Namespace,
    }, $"{{{{{id.ApiVersion} {id.Kind}}} {{{id.Name} {id.Namespace}}}}}");

    private static TemplateStruct Change(SetterChange change) => new("update.Change", new Dictionary<string, object?>
    {
        ["OldValue"] = change.OldValue,
        ["NewValue"] = change.NewValue,
        ["Setter"] = change.Setter,
    }, $"{{{change.OldValue} {change.NewValue} {change.Setter}}}");
}
