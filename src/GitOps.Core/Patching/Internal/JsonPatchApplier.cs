using System.Globalization;
using GitOps.Yaml;

namespace GitOps.Patching.Internal;

/// <summary>
/// Applies JSON patch operations to one document with evanphx/json-patch v4's rules: pointers split on
/// <c>/</c> and decoded (<c>~1</c> then <c>~0</c>), intermediate values must exist, array indexes parse as
/// Go's strconv.Atoi parses them and may be negative, messages wrap the cause as pkg/errors does.
/// </summary>
internal sealed class JsonPatchApplier(YamlNode root)
{
    private const string Missing = "missing value";
    private const string InvalidIndex = "invalid index referenced";

    public YamlNode Root { get; private set; } = root;

    public void Apply(JsonPatchOperation op)
    {
        switch (op.Op)
        {
            case "add": Add(op); break;
            case "remove": Remove(op); break;
            case "replace": Replace(op); break;
            case "move": Move(op); break;
            case "test": Test(op); break;
            case "copy": Copy(op); break;
            default: throw new PatchException("Unexpected kind: " + op.Op);
        }
    }

    private static YamlNode ValueOf(JsonPatchOperation op) => op.Value?.DeepClone() ?? YamlScalar.Null();

    private void Add(JsonPatchOperation op)
    {
        var path = op.Path ?? throw new PatchException("add operation failed to decode path: " + Missing);
        var (con, key) = FindObject(path);
        if (con is null)
        {
            throw new PatchException($"add operation does not apply: doc is missing path: \"{path}\": {Missing}");
        }

        Wrap($"error in add for path: '{path}'", () => AddTo(con, key, ValueOf(op)));
    }

    private void Remove(JsonPatchOperation op)
    {
        var path = op.Path ?? throw new PatchException("remove operation failed to decode path: " + Missing);
        var (con, key) = FindObject(path);
        if (con is null)
        {
            throw new PatchException($"remove operation does not apply: doc is missing path: \"{path}\": {Missing}");
        }

        Wrap($"error in remove for path: '{path}'", () => RemoveFrom(con, key));
    }

    private void Replace(JsonPatchOperation op)
    {
        var path = op.Path ?? throw new PatchException("replace operation failed to decode path: operation missing path field: " + Missing);
        if (path.Length == 0)
        {
            // evanphx wraps a nil error here, which is no error: a scalar value leaves the document as it is.
            if (op.Value is YamlMapping or YamlSequence)
            {
                Root = op.Value.DeepClone();
            }

            return;
        }

        var (con, key) = FindObject(path);
        if (con is null)
        {
            throw new PatchException($"replace operation does not apply: doc is missing path: {path}: {Missing}");
        }

        if (TryGet(con, key, out _) is not null)
        {
            throw new PatchException($"replace operation does not apply: doc is missing key: {path}: {Missing}");
        }

        Wrap($"error in remove for path: '{path}'", () => SetIn(con, key, ValueOf(op)));
    }

    private void Move(JsonPatchOperation op)
    {
        var from = op.From ?? throw new PatchException("move operation failed to decode from: operation, missing from field: " + Missing);
        var (con, key) = FindObject(from);
        if (con is null)
        {
            throw new PatchException($"move operation does not apply: doc is missing from path: {from}: {Missing}");
        }

        if (TryGet(con, key, out var val) is { } getError)
        {
            throw new PatchException($"error in move for path: '{key}': {getError}");
        }

        Wrap($"error in move for path: '{key}'", () => RemoveFrom(con, key));
        var path = op.Path ?? throw new PatchException("move operation failed to decode path: operation missing path field: " + Missing);
        var (dcon, dkey) = FindObject(path);
        if (dcon is null)
        {
            throw new PatchException($"move operation does not apply: doc is missing destination path: {path}: {Missing}");
        }

        Wrap($"error in move for path: '{path}'", () => AddTo(dcon, dkey, val ?? YamlScalar.Null()));
    }

    private void Copy(JsonPatchOperation op)
    {
        var from = op.From ?? throw new PatchException("copy operation failed to decode from: operation, missing from field: " + Missing);
        var (con, key) = FindObject(from);
        if (con is null)
        {
            throw new PatchException($"copy operation does not apply: doc is missing from path: {from}: {Missing}");
        }

        if (TryGet(con, key, out var val) is { } getError)
        {
            throw new PatchException($"error in copy for from: '{from}': {getError}");
        }

        var path = op.Path ?? throw new PatchException("copy operation failed to decode path: " + Missing);
        var (dcon, dkey) = FindObject(path);
        if (dcon is null)
        {
            throw new PatchException($"copy operation does not apply: doc is missing destination path: {path}: {Missing}");
        }

        Wrap("error while adding value during copy", () => AddTo(dcon, dkey, val?.DeepClone() ?? YamlScalar.Null()));
    }

    private void Test(JsonPatchOperation op)
    {
        var path = op.Path ?? throw new PatchException("test operation failed to decode path: operation missing path field: " + Missing);
        var failed = new PatchException($"testing value {path} failed: test failed");
        if (path.Length == 0)
        {
            if (op.Value is null || !JsonValues.Equal(Root, op.Value))
            {
                throw failed;
            }

            return;
        }

        var (con, key) = FindObject(path);
        if (con is null)
        {
            throw new PatchException($"test operation does not apply: is missing path: {path}: {Missing}");
        }

        if (TryGet(con, key, out var val) is { } getError)
        {
            throw new PatchException($"error in test for path: '{path}': {getError}");
        }

        if (val is null)
        {
            if (op.Value is YamlScalar { IsNull: true })
            {
                return;
            }

            throw failed;
        }

        if (op.Value is null || !JsonValues.Equal(val, op.Value))
        {
            throw failed;
        }
    }

    private static void Wrap(string context, Func<string?> action)
    {
        if (action() is { } error)
        {
            throw new PatchException(context + ": " + error);
        }
    }

    /// <summary>evanphx's findObject: the container of the pointer's last token, and that token decoded.</summary>
    private (YamlNode? Container, string Key) FindObject(string path)
    {
        var split = path.Split('/');
        if (split.Length < 2)
        {
            return (null, string.Empty);
        }

        var doc = Root;
        for (var i = 1; i < split.Length - 1; i++)
        {
            if (TryGet(doc, Decode(split[i]), out var next) is not null || next is not (YamlMapping or YamlSequence))
            {
                return (null, string.Empty);
            }

            doc = next;
        }

        return (doc, Decode(split[^1]));
    }

    private static string Decode(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>Gets a member; returns an error message, or null with <paramref name="value"/> (null for a missing object key).</summary>
    private static string? TryGet(YamlNode container, string key, out YamlNode? value)
    {
        value = null;
        if (container is YamlMapping m)
        {
            value = m[key];
            return null;
        }

        var seq = (YamlSequence)container;
        if (Atoi(key, out var idx) is { } err)
        {
            return err;
        }

        if (idx < 0)
        {
            if (idx < -seq.Count)
            {
                return Invalid(idx);
            }

            idx += seq.Count;
        }

        if (idx >= seq.Count)
        {
            return Invalid(idx);
        }

        value = seq[(int)idx];
        return null;
    }

    private static string? SetIn(YamlNode container, string key, YamlNode value)
    {
        if (container is YamlMapping m)
        {
            m.Set(key, value);
            return null;
        }

        var seq = (YamlSequence)container;
        if (Atoi(key, out var idx) is { } err)
        {
            return err;
        }

        if (idx < 0)
        {
            if (idx < -seq.Count)
            {
                return Invalid(idx);
            }

            idx += seq.Count;
        }

        seq[(int)idx] = value;
        return null;
    }

    private static string? AddTo(YamlNode container, string key, YamlNode value)
    {
        if (container is YamlMapping m)
        {
            m.Set(key, value);
            return null;
        }

        var seq = (YamlSequence)container;
        if (key == "-")
        {
            seq.Add(value);
            return null;
        }

        if (Atoi(key, out var idx) is { } err)
        {
            return $"value was not a proper array index: '{key}': {err}";
        }

        var size = seq.Count + 1;
        if (idx >= size)
        {
            return Invalid(idx);
        }

        if (idx < 0)
        {
            if (idx < -size)
            {
                return Invalid(idx);
            }

            idx += size;
        }

        seq.Insert((int)idx, value);
        return null;
    }

    private static string? RemoveFrom(YamlNode container, string key)
    {
        if (container is YamlMapping m)
        {
            return m.Remove(key) ? null : $"Unable to remove nonexistent key: {key}: {Missing}";
        }

        var seq = (YamlSequence)container;
        if (Atoi(key, out var idx) is { } err)
        {
            return err;
        }

        if (idx >= seq.Count)
        {
            return Invalid(idx);
        }

        if (idx < 0)
        {
            if (idx < -seq.Count)
            {
                return Invalid(idx);
            }

            idx += seq.Count;
        }

        seq.RemoveAt((int)idx);
        return null;
    }

    private static string Invalid(long idx) => $"Unable to access invalid index: {idx.ToString(CultureInfo.InvariantCulture)}: {InvalidIndex}";

    /// <summary>Go's strconv.Atoi: an optional sign and decimal digits; returns the error text or null.</summary>
    private static string? Atoi(string s, out long value)
    {
        value = 0;
        var digits = s.StartsWith('+') || s.StartsWith('-') ? s[1..] : s;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return $"strconv.Atoi: parsing \"{s}\": invalid syntax";
        }

        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return $"strconv.Atoi: parsing \"{s}\": value out of range";
        }

        return null;
    }
}
