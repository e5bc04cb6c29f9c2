#!/usr/bin/env python3
"""Writes N randomized server-side apply cases (JSON lines, ssa-ref's input format) to stdout.

Each case starts from no object and runs 3 to 4 operations by different managers on a Deployment or a
ConfigMap (built-in types, so both engines use the schema derived from the same OpenAPI v3 documents):
applies that add, change and drop list-map items and map keys, an update by a controller, and applies
that conflict (forced or not). Deterministic for a given seed.
"""
import json
import random
import sys


def deployment(rng, names, image_tag, replicas=None, env=True):
    containers = []
    for n in names:
        c = {"name": n, "image": f"registry.example.com/{n}:{image_tag}"}
        if rng.random() < 0.7:
            c["ports"] = [{"containerPort": 8000 + int(n[1:]), "name": "http"}]
        if env and rng.random() < 0.6:
            c["env"] = [{"name": f"E{i}", "value": str(rng.randint(0, 3))} for i in range(rng.randint(1, 4))]
        containers.append(c)
    spec = {"selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": containers}}}
    if replicas is not None:
        spec["replicas"] = replicas
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"team": rng.choice(["a", "b"])}}, "spec": spec}


def configmap(rng, keys, suffix):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
            "data": {f"k{k:03d}": f"v{k}{suffix}" for k in keys}}


def case(rng, i):
    if rng.random() < 0.6:
        pool = [f"c{j}" for j in range(10)]
        first = rng.sample(pool, rng.randint(1, 10))
        second = rng.sample(first, max(1, len(first) - rng.randint(0, 2))) + rng.sample(pool, rng.randint(0, 2))
        second = list(dict.fromkeys(second))
        ops = [
            {"op": "apply", "manager": "gitops", "object": deployment(rng, first, "1", replicas=rng.choice([None, 2, 3]))},
            {"op": "update", "manager": "controller", "object": deployment(rng, first, "1", replicas=5, env=False)},
            {"op": rng.choice(["apply", "forceApply"]), "manager": "gitops", "object": deployment(rng, second, rng.choice(["1", "2"]), replicas=rng.choice([None, 3]))},
        ]
        if rng.random() < 0.5:
            ops.append({"op": "apply", "manager": "other", "object": deployment(rng, rng.sample(pool, 1), "9")})
        return {"id": f"case-{i}", "type": "io.k8s.api.apps.v1.Deployment", "apiVersion": "apps/v1", "ops": ops}
    n = rng.randint(1, 60)
    a = rng.sample(range(100), n)
    b = rng.sample(range(100), rng.randint(1, 60))
    ops = [
        {"op": "apply", "manager": "a", "object": configmap(rng, a, "")},
        {"op": rng.choice(["apply", "forceApply"]), "manager": "b", "object": configmap(rng, b, rng.choice(["", "x"]))},
        {"op": "apply", "manager": "a", "object": configmap(rng, a[: len(a) // 2], "")},
    ]
    return {"id": f"case-{i}", "type": "io.k8s.api.core.v1.ConfigMap", "apiVersion": "v1", "ops": ops}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    rng = random.Random(seed)
    out = sys.stdout
    for i in range(n):
        out.write(json.dumps(case(rng, i), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
