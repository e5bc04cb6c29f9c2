using System.CommandLine;
using GitOps.Ssa;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Values;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops ssa apply|update</c>: what server-side apply (or a plain write) would do to an object,
/// computed offline: the resulting object with its managedFields, or the API server's conflict.
/// </summary>
internal static class SsaCommand
{
    public static Command Create()
    {
        var command = new Command("ssa", "Compute offline what the Kubernetes API server's server-side apply does: merged object, managedFields, conflicts.");
        command.Subcommands.Add(CreateApply());
        command.Subcommands.Add(CreateUpdate());
        command.Subcommands.Add(SsaBatchCommand.Create());
        return command;
    }

    private static Command CreateApply()
    {
        var config = new Argument<FileInfo>("CONFIG") { Description = "The applied configuration (YAML or JSON)." };
        var (live, manager, subresource, crds) = CommonOptions();
        var force = new Option<bool>("--force") { Description = "Take over fields other managers own instead of failing with a conflict." };
        var command = new Command("apply", "Server-side apply CONFIG to the live object as field manager NAME; prints the result as YAML (exit 2 on conflict).")
        {
            config, live, manager, force, subresource, crds,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, output => RunAsync(
            parseResult.GetValue(live),
            parseResult.GetValue(crds),
            parseResult.InvocationConfiguration.Error,
            output,
            (ssa, liveObject) => ssa.Apply(liveObject, ReadObject(parseResult.GetValue(config)!), parseResult.GetValue(manager)!, parseResult.GetValue(force), parseResult.GetValue(subresource)),
            cancellationToken)));
        return command;
    }

    private static Command CreateUpdate()
    {
        var obj = new Argument<FileInfo>("OBJECT") { Description = "The object as written by a non-apply request such as PUT (YAML or JSON)." };
        var (live, manager, subresource, crds) = CommonOptions();
        var command = new Command("update", "Record a non-apply write of OBJECT over the live object by field manager NAME; prints the result as YAML.")
        {
            obj, live, manager, subresource, crds,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, output => RunAsync(
            parseResult.GetValue(live),
            parseResult.GetValue(crds),
            parseResult.InvocationConfiguration.Error,
            output,
            (ssa, liveObject) => ssa.Update(liveObject, ReadObject(parseResult.GetValue(obj)!), parseResult.GetValue(manager)!, parseResult.GetValue(subresource)),
            cancellationToken)));
        return command;
    }

    private static (Option<FileInfo?> Live, Option<string> Manager, Option<string?> Subresource, Option<FileInfo[]> Crds) CommonOptions()
    {
        var manager = new Option<string>("--manager") { Description = "The field manager name (not empty).", Required = true };
        manager.Validators.Add(result =>
        {
            if (string.IsNullOrEmpty(result.GetValueOrDefault<string>()))
            {
                result.AddError("--manager must not be empty");
            }
        });
        var subresource = new Option<string?>("--subresource") { Description = "The subresource written through: status, or scale (then the file is an autoscaling/v1 Scale and --live the Deployment, ReplicaSet, StatefulSet, ReplicationController or a custom resource whose CRD declares subresources.scale)." };
        return (
            new Option<FileInfo?>("--live") { Description = "The live object (YAML or JSON). Without --live, or with an empty file, the object does not exist yet; a file that does not exist is an error." },
            manager,
            subresource,
            new Option<FileInfo[]>("--crd") { Description = "A CustomResourceDefinition whose kinds may be applied (repeatable).", AllowMultipleArgumentsPerToken = false });
    }

    private static async Task<int> RunAsync(FileInfo? liveFile, FileInfo[]? crdFiles, TextWriter error, TextWriter output, Func<ServerSideApply, SsaValue?, ServerSideApplyResult> run, CancellationToken cancellationToken)
    {
        var options = new ServerSideApplyOptions();
        foreach (var crdFile in crdFiles ?? [])
        {
            foreach (var doc in SsaYamlDocuments(InputLimits.ReadText(crdFile)))
            {
                options.CustomResourceDefinitions.Add(doc);
            }
        }

        SsaValue? live = null;
        if (liveFile is not null)
        {
            if (!liveFile.Exists)
            {
                throw new FileNotFoundException($"--live {liveFile}: no such file (leave --live out, or pass an empty file, for an object that does not exist yet)");
            }

            var text = InputLimits.ReadText(liveFile);
            live = string.IsNullOrWhiteSpace(text) ? null : SsaValue.ParseYaml(text);
        }

        try
        {
            var result = run(new ServerSideApply(options), live);
            await output.WriteAsync(result.Value.ToYaml()).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (FieldManagerConflictException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.Conflict;
        }
    }

    private static SsaValue ReadObject(FileInfo file)
    {
        var value = SsaValue.ParseYaml(InputLimits.ReadText(file));
        if (value is not { IsMap: true })
        {
            throw new SsaFormatException($"{file.Name}: expected one object");
        }

        return value;
    }

    private static IEnumerable<SsaValue> SsaYamlDocuments(string text) =>
        SsaValue.ParseYamlDocuments(text).Where(v => v.IsMap);
}
