namespace GitOps.Kustomize.Tests.Differential;

/// <summary>
/// Hand-written trees aimed at the shortcuts of our engine, built with our engine and with <c>kubectl kustomize</c>:
/// merge lists a patch does not reach (walked in place when their elements' keys are distinct and complete, by the
/// general walk otherwise: repeated, missing, empty, null, tagged and partial multi-field keys), and patch targets
/// whose names are literal texts or regular expressions, with label and annotation selectors.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class HandWrittenDifferentialTests
{
    private const string DeploymentPatch = """
        - target:
            kind: Deployment
          patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: any
            spec:
              revisionHistoryLimit: 2
        """;

    private const string RepeatedKeys = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          finalizers: [a, b, a, "", c]
        spec:
          template:
            spec:
              containers:
              - name: a
                image: x
                ports:
                - containerPort: 80
                - containerPort: 81
                  protocol: UDP
                - containerPort: 80
                  protocol: TCP
                env:
                - name: E
                  value: "1"
                - name: E
                  value: "2"
                - name: ""
                  value: "3"
                - value: "4"
                - name: null
                  value: "5"
              - name: a
                image: y
              - name: b
                image: z
                ports:
                - containerPort: 90
                - containerPort: 91
                volumeMounts:
                - mountPath: /a
                  name: v1
                - mountPath: /b
                  name: v2
              volumes:
              - name: v1
                emptyDir: {}
              - name: v2
                configMap:
                  name: cm
                  items:
                  - key: k
                    path: p
        """;

    private const string DistinctAndPartialKeys = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: fast
          finalizers: [x, y, z]
        spec:
          template:
            spec:
              containers:
              - name: main
                image: nginx
                ports:
                - containerPort: 80
                - containerPort: 443
                  name: https
                env:
                - name: A
                  value: "1"
                - name: B
                  valueFrom:
                    configMapKeyRef:
                      name: cm
                      key: k
                - name: C
                  value: null
              - name: side
                image: envoy
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: partial
        spec:
          template:
            spec:
              containers:
              - name: main
                image: nginx
                ports:
                - containerPort: 80
                  protocol: TCP
                - containerPort: 81
              - name: ""
                image: empty
              - name: other
                image: o
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: tagged
        spec:
          template:
            spec:
              containers:
              - name: main
                image: nginx
                ports:
                - containerPort: 80
                - containerPort: !!str 80
                  name: dup
                - containerPort: "8080"
              - name: !!str 123
                image: num
              - name: '123'
                image: num2
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: pod
          finalizers: [a, null, b]
        spec:
          containers:
          - name: c1
            image: i1
          - image: noname
          - name: c3
            image: i3
            volumeMounts:
            - mountPath: /x
              name: v
            - name: v
              mountPath: /y
        """;

    private const string PodPatch = """
        - target:
            kind: Pod
          patch: |-
            apiVersion: v1
            kind: Pod
            metadata:
              name: any
              labels:
                patched: "yes"
        """;

    private const string Targets = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-1
          labels: {tier: front, team: a}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-10
          labels: {tier: back}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: webx1
          annotations: {owner: me}
        """;

    private const string TargetPatches = """
        - target:
            kind: ConfigMap
            name: web-1
          patch: |-
            - op: add
              path: /data
              value: {literal: "yes"}
        - target:
            kind: ConfigMap
            name: web.1
          patch: |-
            - op: add
              path: /metadata/annotations/regex
              value: "yes"
        - target:
            kind: Config.*
            labelSelector: tier in (front,back),team!=b
          patch: |-
            - op: add
              path: /metadata/annotations/selected
              value: "yes"
        - target:
            annotationSelector: owner=me
          patch: |-
            - op: add
              path: /metadata/labels
              value: {annotated: "yes"}
        """;

    public static IEnumerable<TestCaseData> Trees()
    {
        yield return new TestCaseData(RepeatedKeys, DeploymentPatch).SetArgDisplayNames("repeated, missing, empty and null merge keys");
        yield return new TestCaseData(DistinctAndPartialKeys, DeploymentPatch + "\n" + PodPatch).SetArgDisplayNames("distinct, partial and tagged merge keys");
        yield return new TestCaseData(Targets, TargetPatches).SetArgDisplayNames("literal and regex target names, selectors");
    }

    [TestCaseSource(nameof(Trees))]
    public async Task A_hand_written_tree_builds_exactly_as_kubectl_kustomize(string resources, string patches)
    {
        Kubectl.Require();
        using var temp = new TemporaryDirectory();
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "resources.yaml"), resources + "\n");
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "kustomization.yaml"), "resources:\n- resources.yaml\npatches:\n" + patches + "\n");
        var (code, expected, stderr) = Kubectl.Kustomize(temp.Path);
        Assert.That(code, Is.Zero, "kubectl kustomize failed: " + stderr);
        var actual = (await new KustomizeBuilder().BuildAsync(temp.Path)).ToYaml();
        Assert.That(actual, Is.EqualTo(expected));
    }
}
