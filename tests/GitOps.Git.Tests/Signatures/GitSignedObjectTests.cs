using System.Text;
using GitOps.Git.Signatures;

namespace GitOps.Git.Tests.Signatures;

public sealed class GitSignedObjectTests
{
    [Test]
    public void A_commit_loses_its_gpgsig_header_and_its_continuation_lines()
    {
        var raw = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n"
            + "gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n -----END SSH SIGNATURE-----\n\nmessage\n gpgsig in the body stays\n";

        var signed = GitSignedObject.FromCommit(Encoding.UTF8.GetBytes(raw));

        Assert.Multiple(() =>
        {
            Assert.That(signed.Format, Is.EqualTo(GitSignatureFormat.Ssh));
            Assert.That(signed.Signature, Is.EqualTo("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"));
            Assert.That(Encoding.UTF8.GetString(signed.Payload.Span), Is.EqualTo(
                "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nmessage\n gpgsig in the body stays\n"));
        });
    }

    [Test]
    public void A_gpgsig_sha256_header_is_left_out_of_the_payload_but_is_not_the_signature()
    {
        var raw = "tree 4b82\nauthor A <a@x> 1 +0000\ngpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n other\n -----END PGP SIGNATURE-----\n"
            + "committer A <a@x> 1 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n mine\n -----END PGP SIGNATURE-----\n\nmessage\n";

        var signed = GitSignedObject.FromCommit(Encoding.UTF8.GetBytes(raw));

        Assert.Multiple(() =>
        {
            Assert.That(signed.Signature, Is.EqualTo("-----BEGIN PGP SIGNATURE-----\nmine\n-----END PGP SIGNATURE-----\n"));
            Assert.That(Encoding.UTF8.GetString(signed.Payload.Span), Is.EqualTo("tree 4b82\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nmessage\n"));
        });
    }

    [Test]
    public void A_tags_signature_starts_at_the_last_armour_line()
    {
        var raw = "object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype commit\ntag v1\ntagger A <a@x> 1 +0000\n\nnotes\n"
            + "-----BEGIN PGP SIGNATURE-----\nquoted, not the signature\n-----BEGIN PGP SIGNATURE-----\n\nwsB\n-----END PGP SIGNATURE-----\n";

        var signed = GitSignedObject.FromTag(Encoding.UTF8.GetBytes(raw));

        Assert.Multiple(() =>
        {
            Assert.That(signed.Format, Is.EqualTo(GitSignatureFormat.Pgp));
            Assert.That(signed.Signature, Is.EqualTo("-----BEGIN PGP SIGNATURE-----\n\nwsB\n-----END PGP SIGNATURE-----\n"));
            Assert.That(Encoding.UTF8.GetString(signed.Payload.Span), Does.EndWith("notes\n-----BEGIN PGP SIGNATURE-----\nquoted, not the signature\n"));
        });
    }

    [Test]
    public void An_unsigned_object_has_no_signature()
    {
        var signed = GitSignedObject.FromTag("object 4b82\ntype commit\ntag v1\n\nplain\n"u8.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(signed.IsSigned, Is.False);
            Assert.That(signed.Format, Is.EqualTo(GitSignatureFormat.None));
        });
    }
}
