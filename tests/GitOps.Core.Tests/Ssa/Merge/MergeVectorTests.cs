using System.Text.Json;
using GitOps.Core.Tests.Ssa.Typed;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.FieldPaths.Internal;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.Merge;

/// <summary>
/// The multi-step scenarios of structured-merge-diff v6.4.2's merge tests (118 single-version, 196
/// multi-version), replayed the way SMD's test fixture does.
/// </summary>
public sealed class MergeVectorTests
{
    private static IEnumerable<TestCaseData> Identity() => Vectors.Cases("smd-merge/identity.jsonl", e => "identity " + e.GetProperty("name").GetString());

    private static IEnumerable<TestCaseData> Multiversion() => Vectors.Cases("smd-merge/multiversion.jsonl", e => "multiversion " + e.GetProperty("name").GetString());

    [TestCaseSource(nameof(Identity))]
    public void Single_version_scenario_matches_structured_merge_diff(string caseName, string line) => Run(caseName, line);

    [TestCaseSource(nameof(Multiversion))]
    public void Multi_version_scenario_matches_structured_merge_diff(string caseName, string line) => Run(caseName, line);

    private static void Run(string caseName, string line)
    {
        using var doc = Vectors.Open(caseName, line);
        KnownGaps.Run(caseName, () => new Replay(doc.RootElement).Check());
    }

    private sealed class Replay
    {
        private readonly JsonElement _case;
        private readonly Dictionary<string, string> _typeNames = new(StringComparer.Ordinal);
        private readonly bool _deduced;
        private readonly Updater _updater;
        private SsaSchema _schema;
        private TypedValue? _live;
        private Dictionary<string, VersionedFieldSet> _managers = new(StringComparer.Ordinal);

        public Replay(JsonElement c)
        {
            _case = c;
            string? schemaText = null;
            foreach (var s in c.GetProperty("schemas").EnumerateObject())
            {
                _typeNames[s.Name] = s.Value.GetProperty("typeName").GetString()!;
                schemaText = s.Value.GetProperty("schema").GetString();
                _deduced |= s.Value.TryGetProperty("deduced", out var d) && d.GetBoolean();
            }

            _schema = _deduced ? SsaSchema.Deduced : SsaSchema.FromSmdYaml(schemaText!);
            var options = new UpdaterOptions { Converter = TestConverters.Create(c.GetProperty("converter").GetString()!, Retype) };
            var name = c.GetProperty("name").GetString()!;
            if (c.TryGetProperty("ignoredFields", out var ignored) && ignored.ValueKind == JsonValueKind.Object)
            {
                var sets = ignored.EnumerateObject().ToDictionary(p => p.Name, p => FieldSet.FromFieldsV1Json(p.Value.GetRawText()), StringComparer.Ordinal);
                if (c.TryGetProperty("hasIgnoreFilter", out var f) && f.GetBoolean())
                {
                    options.IgnoreFilter = sets.ToDictionary(p => p.Key, p => (IFieldSetFilter)new ExcludeFieldSetFilter(p.Value), StringComparer.Ordinal);
                }
                else
                {
                    options.IgnoredFields = sets;
                }
            }
            else if (name.StartsWith("TestFilteredFieldsUsesVersions/", StringComparison.Ordinal))
            {
                // The vector does not carry these filters; they are the upstream test's.
                options.IgnoreFilter = name.EndsWith("does_use_ignored_fields_versions", StringComparison.Ordinal)
                    ? new Dictionary<string, IFieldSetFilter>
                    {
                        ["v1"] = Exclude("c"),
                        ["v2"] = Exclude("cc"),
                        ["v3"] = Exclude("ccc"),
                        ["v4"] = Exclude("cccc"),
                    }
                    : new Dictionary<string, IFieldSetFilter> { ["v2"] = Exclude("c") };
            }

            _updater = new Updater(options);
        }

        private static ExcludeFieldSetFilter Exclude(string key) => new(FieldSet.Of(FieldPath.OfFields("mapOfMapsRecursive", key)));

        private TypeRef TypeOf(string version)
        {
            if (_deduced)
            {
                return SsaSchema.Named(SsaSchema.DeducedTypeName);
            }

            if (_typeNames.TryGetValue(version, out var name))
            {
                return SsaSchema.Named(name);
            }

            var distinct = _typeNames.Values.Distinct(StringComparer.Ordinal).ToList();
            return SsaSchema.Named(distinct.Count == 1 ? distinct[0] : version);
        }

        private TypedValue Retype(string version, TypedValue source, SsaValue value) => TypedValue.Create(value, _schema, TypeOf(version));

        public void Check()
        {
            Exception? failure = null;
            var index = 0;
            foreach (var op in _case.GetProperty("ops").EnumerateArray())
            {
                try
                {
                    RunOp(op);
                }
                catch (Exception e) when (e is GitOpsException or InvalidOperationException)
                {
                    failure = new InvalidOperationException($"failed operation {index}: {e.Message}", e);
                    break;
                }

                index++;
            }

            if (_case.TryGetProperty("expectError", out var ee) && ee.GetBoolean())
            {
                Assert.That(failure, Is.Not.Null, "the scenario should fail");
                var expected = _case.GetProperty("expectErrorMessage").GetString()!;
                Assert.That(failure!.Message, Is.EqualTo(expected));
                return;
            }

            if (failure is not null)
            {
                Assert.Fail(failure.ToString());
            }

            // Absent expectations mean a null object and no managers.
            var live = _live?.Value ?? SsaValue.Null;
            if (_case.TryGetProperty("observedObject", out var observed))
            {
                TypedVectorTests.AssertValue(live, observed);
            }
            else
            {
                Assert.That(live.IsNull, Is.True, "expected a null object, got " + live.ToJson());
            }

            _case.TryGetProperty("observedManagers", out var expectedManagers);
            var names = expectedManagers.ValueKind == JsonValueKind.Object ? expectedManagers.EnumerateObject().Select(p => p.Name).ToList() : [];
            Assert.That(_managers.Keys.Order(StringComparer.Ordinal), Is.EqualTo(names.Order(StringComparer.Ordinal)), "managers");
            foreach (var m in names.Count == 0 ? [] : expectedManagers.EnumerateObject().ToList())
            {
                var actual = _managers[m.Name];
                Assert.That(actual.ApiVersion, Is.EqualTo(m.Value.GetProperty("apiVersion").GetString()), m.Name + " apiVersion");
                Assert.That(actual.Applied, Is.EqualTo(m.Value.GetProperty("applied").GetBoolean()), m.Name + " applied");
                TypedVectorTests.AssertSet(actual.Set, m.Value.GetProperty("fieldsV1"), m.Name);
            }
        }

        private void RunOp(JsonElement op)
        {
            var kind = op.GetProperty("op").GetString();
            if (kind == "changeSchema")
            {
                _schema = SsaSchema.FromSmdYaml(op.GetProperty("schema").GetString()!);
                if (_live is not null)
                {
                    _live = TypedValue.Create(_live.Value, _schema, SsaSchema.Named(_live.TypeRef.NamedType!));
                }

                return;
            }

            var version = op.GetProperty("apiVersion").GetString()!;
            var manager = op.GetProperty("manager").GetString()!;
            // An op without object applies the empty YAML document: null.
            var obj = op.TryGetProperty("object", out var o) ? SsaValue.ParseJson(o.GetRawText()) : SsaValue.Null;
            switch (kind)
            {
                case "update":
                    Update(TypedValue.Create(obj, _schema, TypeOf(version), allowDuplicates: true), version, manager);
                    break;
                case "apply":
                case "forceApply":
                    var declared = op.TryGetProperty("expectConflictsDeclared", out var d) && d.GetBoolean();
                    var config = TypedValue.Create(obj, _schema, TypeOf(version));
                    try
                    {
                        Apply(config, version, manager, kind == "forceApply");
                        if (declared)
                        {
                            Assert.That(op.GetProperty("expectConflicts").GetArrayLength(), Is.Zero, "expected conflicts, got none");
                        }
                    }
                    catch (SsaConflictException e) when (declared)
                    {
                        var expected = op.GetProperty("expectConflicts").EnumerateArray()
                            .Select(c => c.GetProperty("manager").GetString() + " " + string.Concat(c.GetProperty("pathElements").EnumerateArray().Select(p => PathElement.ParseFieldsV1Key(p.GetString()!).ToString())))
                            .Order(StringComparer.Ordinal);
                        var actual = e.Conflicts.Select(c => c.Manager + " " + c.Path).Order(StringComparer.Ordinal);
                        Assert.That(actual, Is.EqualTo(expected), "conflicts");
                    }

                    break;
                case "extractApply":
                    ExtractApply(obj, version, manager);
                    break;
                default:
                    Assert.Fail("unknown op " + kind);
                    break;
            }
        }

        private TypedValue LiveAt(string version)
        {
            _live ??= TypedValue.Create(SsaValue.Null, _schema, TypeOf(version));
            if (!_updater.GetConverter().TryConvert(_live, version, out var converted))
            {
                throw new InvalidOperationException("cannot convert live object to " + version);
            }

            _live = converted;
            return converted;
        }

        private void Update(TypedValue obj, string version, string manager)
        {
            var live = LiveAt(version);
            var result = _updater.Update(live, obj, version, _managers, manager);
            _live = result.NewObject!;
            _managers = new Dictionary<string, VersionedFieldSet>(result.Managers, StringComparer.Ordinal);
        }

        private void Apply(TypedValue config, string version, string manager, bool force)
        {
            var live = LiveAt(version);
            var result = _updater.Apply(live, config, version, _managers, manager, force);
            _managers = new Dictionary<string, VersionedFieldSet>(result.Managers, StringComparer.Ordinal);
            if (result.NewObject is not null)
            {
                _live = result.NewObject;
            }
        }

        private void ExtractApply(SsaValue obj, string version, string manager)
        {
            var config = TypedValue.Create(obj, _schema, TypeOf(version));
            if (_live is null)
            {
                Apply(config, version, manager, force: true);
                return;
            }

            var current = LiveAt(version);
            var set = new FieldSet();
            if (_managers.TryGetValue(manager, out var owned))
            {
                if (owned.ApiVersion != version)
                {
                    throw new InvalidOperationException($"existing managed fieldpath set APIVersion ({owned.ApiVersion}) differs from desired ({version}), unable to extract");
                }

                set = owned.Set.Leaves();
            }

            var extracted = current.ExtractItems(set).Merge(config);
            Apply(extracted, version, manager, force: true);
        }
    }
}
