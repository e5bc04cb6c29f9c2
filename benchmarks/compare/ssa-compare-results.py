#!/usr/bin/env python3
"""Compares two JSON-lines result files of ssa-ref and `gitops ssa batch`: same objects (lists ordered,
maps unordered, 1 == 1.0), same managers (FieldsV1 as sets), same conflicts, errors and no-ops per step.
Prints the counts and the first differences."""
import json
import sys


def norm(v):
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def key(r):
    steps = [(s.get("op"), s.get("manager"), bool(s.get("noop")), bool(s.get("error")),
              json.dumps(s.get("conflicts") or [], sort_keys=True)) for s in r.get("steps", [])]
    return (json.dumps(norm(r.get("object")), sort_keys=True),
            json.dumps(norm(r.get("managers") or {}), sort_keys=True), steps, bool(r.get("error")))


def main():
    a = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
    b = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
    if len(a) != len(b):
        print(f"different case counts: {len(a)} vs {len(b)}")
        sys.exit(1)
    diff = [(x, y) for x, y in zip(a, b) if key(x) != key(y)]
    print(f"identical results: {len(a) - len(diff)}/{len(a)}")
    for x, y in diff[:3]:
        print("--", x["id"])
        print("  ref:", json.dumps(x)[:600])
        print("  ours:", json.dumps(y)[:600])
    sys.exit(1 if diff else 0)


if __name__ == "__main__":
    main()
