global using GitOps.Testing;
