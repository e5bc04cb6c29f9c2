#!/usr/bin/env python3
"""Remove the kustomization fields the native engine does not implement yet (patches, replacements,
vars, ...) from every kustomization.yaml under a tree, in place. Both tools are then timed on the same
stripped tree, so the comparison covers exactly the features of issue 5.

  kustomize-strip-unsupported.py DIR
"""
import os
import sys

UNSUPPORTED = {"patches", "patchesStrategicMerge", "patchesJson6902", "replacements", "vars"}

for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name != "kustomization.yaml":
            continue
        path = os.path.join(root, name)
        out, skipping = [], False
        for line in open(path, encoding="utf-8"):
            top = line[:1] not in (" ", "-", "\n") and ":" in line
            if top:
                skipping = line.split(":", 1)[0] in UNSUPPORTED
            if not skipping:
                out.append(line)
        open(path, "w", encoding="utf-8").write("".join(out))
