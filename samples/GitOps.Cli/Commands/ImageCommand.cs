using System.CommandLine;
using System.Text.Json;
using GitOps.ImageAutomation.Policies;
using GitOps.ImageAutomation.Setters;
using GitOps.Oci.Registry;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops image</c>: Flux's image policies and setter markers.</summary>
internal static class ImageCommand
{
    public static Command Create()
    {
        var command = new Command("image", "Flux image automation: choose a tag as an ImagePolicy does, rewrite files marked with $imagepolicy setters.");
        command.Subcommands.Add(CreateUpdate());
        command.Subcommands.Add(CreatePolicy());
        return command;
    }

    private static Command CreateUpdate()
    {
        var directory = new Argument<string>("DIR") { Description = "The directory to update (the automation's update path)." };
        var set = new Option<string[]>("--set")
        {
            Description = "A policy result NS:NAME=IMAGE:TAG[@DIGEST] (repeatable): markers {\"$imagepolicy\": \"NS:NAME\"} and its :tag, :name, :digest forms get it.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("update", "Rewrite the files under DIR whose scalars carry # {\"$imagepolicy\": ...} markers, as image-automation-controller does, and print each change.")
        {
            directory, set,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var policies = new List<ImagePolicyResult>();
            foreach (var value in parseResult.GetValue(set) ?? [])
            {
                if (ParsePolicy(value) is not { } policy)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: invalid --set '{value}': expected NS:NAME=IMAGE:TAG[@DIGEST]").ConfigureAwait(false);
                    return ExitCodes.Failure;
                }

                policies.Add(policy);
            }

            var result = await new ImageSetters().ApplyAsync(parseResult.GetValue(directory)!, policies, cancellationToken).ConfigureAwait(false);
            foreach (var file in result.Files)
            {
                foreach (var changes in file.Objects)
                {
                    foreach (var change in changes.Changes)
                    {
                        await output.WriteLineAsync($"{file.Path}: {changes.Resource}: {change.Setter}: {change.OldValue} -> {change.NewValue}").ConfigureAwait(false);
                    }
                }
            }

            foreach (var problem in result.ProblemFiles)
            {
                await output.WriteLineAsync($"{problem}: skipped (not valid YAML)").ConfigureAwait(false);
            }

            if (result.Files.Count == 0)
            {
                await output.WriteLineAsync("no changes").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreatePolicy()
    {
        var source = new Argument<string?>("SOURCE") { Description = "oci://HOST/REPO to list the tags from a registry.", Arity = ArgumentArity.ZeroOrOne };
        var semver = new Option<string?>("--semver") { Description = "Pick the highest version in this range (Masterminds/semver)." };
        var alphabetical = new Option<string?>("--alphabetical") { Description = "Pick by string order: asc (the greatest) or desc (the smallest)." };
        var numerical = new Option<string?>("--numerical") { Description = "Pick by numeric value: asc (the largest) or desc (the smallest)." };
        var filter = new Option<string?>("--filter") { Description = "Keep only tags this RE2 regular expression matches (unanchored): filterTags.pattern." };
        var extract = new Option<string?>("--extract") { Description = "Compare the expansion of this template ($1, ${name}) instead of the tag: filterTags.extract." };
        var tags = new Option<FileInfo?>("--tags") { Description = "A file listing the tags, one per line (or a registry's tags/list JSON)." };
        var exclude = new Option<string[]>("--exclude") { Description = "Drop tags this RE2 expression matches (repeatable; default ^.*\\.sig$, the ImageRepository exclusionList)." };
        var command = new Command("policy", "Print the tag an ImagePolicy would choose from a list of tags, from a file or listed from a registry.")
        {
            source, semver, alphabetical, numerical, filter, extract, tags, exclude,
        };
        var registry = new RegistryOptions();
        registry.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var chosen = new[] { parseResult.GetValue(semver), parseResult.GetValue(alphabetical), parseResult.GetValue(numerical) }.Count(v => v is not null);
            if (chosen != 1)
            {
                await error.WriteLineAsync("error: give exactly one of --semver, --alphabetical, --numerical").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var file = parseResult.GetValue(tags);
            var from = parseResult.GetValue(source);
            if ((file is null) == (from is null))
            {
                await error.WriteLineAsync("error: give the tags with either --tags FILE or oci://HOST/REPO").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            IReadOnlyList<string> list;
            if (from is not null)
            {
                if (!from.StartsWith("oci://", StringComparison.Ordinal) || !OciReference.TryParse(from, out var repository, out var problem))
                {
                    await error.WriteLineAsync($"error: unsupported tag source '{from}': expected oci://HOST/REPO").ConfigureAwait(false);
                    return ExitCodes.Failure;
                }

                // The tags as image-reflector-controller lists them: every page of the registry's tags/list.
                list = await new OciRegistryClient(registry.Build(parseResult, repository)).ListTagsAsync(repository, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                list = ReadTags(await File.ReadAllTextAsync(file!.FullName, cancellationToken).ConfigureAwait(false));
            }

            var policy = ImagePolicy.FromSpec(parseResult.GetValue(semver), parseResult.GetValue(alphabetical), parseResult.GetValue(numerical));
            var pattern = parseResult.GetValue(filter);
            var tagFilter = pattern is null ? null : TagFilter.Create(pattern, parseResult.GetValue(extract));
            var excluded = parseResult.GetValue(exclude) is { Length: > 0 } patterns ? new TagExclusion(patterns) : TagExclusion.Default;
            await output.WriteLineAsync(policy.SelectLatestTag(excluded.Apply(list).ToArray(), tagFilter)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ImagePolicyResult? ParsePolicy(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        var colon = eq < 0 ? -1 : value.IndexOf(':', 0, eq);
        if (colon <= 0 || colon >= eq - 1)
        {
            return null;
        }

        try
        {
            return new ImagePolicyResult(value[..colon], value[(colon + 1)..eq], ImageRef.Parse(value[(eq + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>One tag per line, or the JSON a registry's <c>/v2/NAME/tags/list</c> answers.</summary>
    private static List<string> ReadTags(string text)
    {
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.TryGetProperty("tags", out var array) && array.ValueKind == JsonValueKind.Array)
                {
                    return [.. array.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)];
                }
            }
            catch (JsonException ex)
            {
                throw new ImagePolicyException("the tags file is not valid JSON: " + ex.Message, ex);
            }
        }

        return [.. text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.Length > 0)];
    }
}
