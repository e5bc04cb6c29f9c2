namespace GitOps.Ssa.Schema.Internal;

/// <summary>The two untyped types every schema may refer to.</summary>
internal static class DeducedSchemaYaml
{
    public const string Text = """
        types:
        - name: __untyped_atomic_
          scalar: untyped
          list:
            elementType:
              namedType: __untyped_atomic_
            elementRelationship: atomic
          map:
            elementType:
              namedType: __untyped_atomic_
            elementRelationship: atomic
        - name: __untyped_deduced_
          scalar: untyped
          list:
            elementType:
              namedType: __untyped_atomic_
            elementRelationship: atomic
          map:
            elementType:
              namedType: __untyped_deduced_
            elementRelationship: separable
        """;
}
