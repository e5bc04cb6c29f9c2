#!/usr/bin/env python3
"""Records how the real helm v4 merges and coalesces values: for each case in coalesce-cases.in.json (a chart's
values.yaml and the user's -f files), runs `helm template` on a one-template chart that prints `toJson .Values`
and writes coalesce-cases.json with helm's output as the expectation.

Usage: regenerate.py [HELM]   (default: fetched by ../shared/oracles/helm/get-helm.sh into /tmp/gitops-helm-oracle)
"""
import json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", "..", ".."))
helm = sys.argv[1] if len(sys.argv) > 1 else subprocess.check_output(
    ["bash", os.path.join(root, "..", "shared", "oracles", "helm", "get-helm.sh"), "/tmp/gitops-helm-oracle", "v4"], text=True).strip()
cases = json.load(open(os.path.join(here, "coalesce-cases.in.json")))
out = []
for case in cases:
    with tempfile.TemporaryDirectory() as d:
        chart = os.path.join(d, "c")
        os.makedirs(os.path.join(chart, "templates"))
        open(os.path.join(chart, "Chart.yaml"), "w").write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        open(os.path.join(chart, "values.yaml"), "w").write(case["defaults"])
        open(os.path.join(chart, "templates", "v.yaml"), "w").write("v: {{ toJson .Values }}\n")
        args = [helm, "template", "x", chart]
        for i, f in enumerate(case["files"]):
            path = os.path.join(d, f"u{i}.yaml")
            open(path, "w").write(f)
            args += ["-f", path]
        env = dict(os.environ, HELM_CACHE_HOME=d, HELM_CONFIG_HOME=d, HELM_DATA_HOME=d)
        text = subprocess.run(args, capture_output=True, text=True, env=env, check=True).stdout
        line = next(l for l in text.splitlines() if l.startswith("v: "))
        out.append(dict(case, json=line[3:]))
with open(os.path.join(here, "coalesce-cases.json"), "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"{len(out)} cases recorded with {subprocess.check_output([helm, 'version', '--short'], text=True).strip()}")
