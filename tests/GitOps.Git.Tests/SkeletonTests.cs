namespace GitOps.Git.Tests;

public sealed class SkeletonTests
{
    [Test]
    public void The_package_assembly_loads() => Assert.That(typeof(SkeletonTests).Assembly, Is.Not.Null);
}
