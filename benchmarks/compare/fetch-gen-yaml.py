#!/usr/bin/env python3
"""Writes a deterministic tree of real-looking Kubernetes YAML of about SIZE MiB into DIR.

usage: fetch-gen-yaml.py DIR SIZE_MIB
Same arguments, same bytes: the generator is seeded and uses no clock.
"""
import os
import random
import sys

out, size_mib = sys.argv[1], int(sys.argv[2])
target = size_mib * 1024 * 1024
rng = random.Random(20240601)
words = ("alpha beta gamma delta api web worker cache queue auth billing search payments ingest report "
         "frontend backend gateway metrics logging tracing storage batch cron sync").split()


def name():
    return "-".join(rng.choice(words) for _ in range(rng.randint(1, 3)))


def deployment(app, ns):
    env = "".join(f"        - name: {rng.choice(words).upper()}_{i}\n          value: \"{rng.choice(words)}-{rng.randint(0, 999)}\"\n"
                  for i in range(rng.randint(5, 25)))
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
  namespace: {ns}
  labels:
    app.kubernetes.io/name: {app}
    app.kubernetes.io/part-of: {rng.choice(words)}
  annotations:
    checksum/config: "{rng.getrandbits(128):032x}"
spec:
  replicas: {rng.randint(1, 12)}
  selector:
    matchLabels:
      app.kubernetes.io/name: {app}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {app}
    spec:
      containers:
      - name: {app}
        image: registry.example.com/{rng.choice(words)}/{app}:v{rng.randint(0, 9)}.{rng.randint(0, 40)}.{rng.randint(0, 99)}
        ports:
        - containerPort: {rng.randint(1024, 9999)}
        resources:
          requests:
            cpu: {rng.randint(10, 900)}m
            memory: {rng.randint(32, 2048)}Mi
        env:
{env}"""


def configmap(app, ns):
    data = "".join(f"  {rng.choice(words)}.{i}.conf: |\n" +
                   "".join(f"    {rng.choice(words)}_{j} = {rng.choice(words)}.{rng.randint(0, 9999)}\n" for j in range(rng.randint(5, 60)))
                   for i in range(rng.randint(2, 12)))
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {app}-config\n  namespace: {ns}\ndata:\n{data}"


def service(app, ns):
    return (f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  selector:\n"
            f"    app.kubernetes.io/name: {app}\n  ports:\n  - port: 80\n    targetPort: {rng.randint(1024, 9999)}\n")


written = 0
index = 0
while written < target:
    ns = f"team-{index // 40:03d}"
    app = f"{name()}-{index:05d}"
    folder = os.path.join(out, "clusters", f"c{index % 7}", ns, app)
    os.makedirs(folder, exist_ok=True)
    files = {
        "deployment.yaml": deployment(app, ns),
        "configmap.yaml": configmap(app, ns),
        "service.yaml": service(app, ns),
        "kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deployment.yaml\n- configmap.yaml\n- service.yaml\n",
    }
    for file, text in files.items():
        data = text.encode()
        with open(os.path.join(folder, file), "wb") as f:
            f.write(data)
        written += len(data)
    index += 1
print(f"{written} bytes in {index * 4} files", file=sys.stderr)
