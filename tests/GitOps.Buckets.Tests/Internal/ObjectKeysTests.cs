using GitOps.Buckets.Internal;

namespace GitOps.Buckets.Tests.Internal;

public sealed class ObjectKeysTests
{
    [TestCase("../escape.yaml")]
    [TestCase("a/../../escape.yaml")]
    [TestCase("/absolute.yaml")]
    [TestCase("a//b.yaml")]
    [TestCase("./a.yaml")]
    [TestCase("a\0b")]
    public void A_key_that_is_not_a_plain_relative_path_is_refused(string key)
    {
        var thrown = Assert.Throws<BucketObjectKeyException>(() => ObjectKeys.Validate("b", ["ok.yaml", key]));

        Assert.That(thrown!.Key, Is.EqualTo(key));
    }

    [Test]
    public void A_key_that_is_also_another_key_s_folder_is_refused_in_either_order()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => ObjectKeys.Validate("b", ["a", "a/b.yaml"]), Throws.TypeOf<BucketObjectKeyException>().With.Property("Key").EqualTo("a"));
            Assert.That(() => ObjectKeys.Validate("b", ["a/b.yaml", "a"]), Throws.TypeOf<BucketObjectKeyException>().With.Property("Key").EqualTo("a"));
        });
    }

    [Test]
    public void Nested_keys_with_dots_in_names_are_accepted()
    {
        Assert.That(() => ObjectKeys.Validate("b", ["a/b.yaml", "a/c/.hidden", "a/..x", "d.e/f"]), Throws.Nothing);
    }
}
