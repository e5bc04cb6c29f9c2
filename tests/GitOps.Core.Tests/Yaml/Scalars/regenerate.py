#!/usr/bin/env python3
"""Regenerates scalars.json: how Go itself decodes a few hundred tricky YAML scalars and small documents.

Run by hand (tests only read the result):  python3 regenerate.py
Needs kubectl on PATH (no cluster): the Kubernetes column comes from
`kubectl annotate --local -f FILE x=y -o json` (sigs.k8s.io/yaml, go-yaml v2, then encoding/json and
Kubernetes' JSON decoding), the kyaml column from `kubectl kustomize DIR` (yaml.v3 / kyaml) whose output is
read back by the same kubectl annotate (so both columns are JSON values), plus kustomize's printed text.
Each case is the value of the field `v` of an object of an unknown kind (x.example/v1 Thing).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HEADER = "apiVersion: x.example/v1\nkind: Thing\nmetadata:\n  name: x\n"

WORDS = [
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "~", "null", "Null", "NULL", "nULL", "",
    "0777", "010", "08", "09", "0", "00", "-0", "+0", "0x1F", "0X1F", "0x1f", "-0x1F", "0o17", "0O17", "-0o17",
    "0b101", "-0b101", "0B101", "1_000", "1__0", "_1", "1_", "+12", "-12", "12", "+0777", "-0777",
    "1.0", "1.", ".5", "-.5", "+.5", "1.5", "1e3", "1E3", "1e+3", "1e-3", "1.5e3", "-1.5e-3", "1e21", "1e20",
    "1e-7", "1e-6", "123456789012345678", "0.1", "0.30000000000000004", "3.14159265358979323846", "1_000.5",
    "1e400", "-1e400", "4.9e-324", "1.7976931348623157e308",
    ".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "inf", "nan", "NaN",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "18446744073709551615", "18446744073709551616", "99999999999999999999", "0xFFFFFFFFFFFFFFFF",
    "0x10000000000000000", "1:30", "1:30:00", "-1:30", "190:20:30", "1:30.5",
    "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
    "2001-12-15 2:59:43.10", "2002-12-14", "2001-13-14", "2001-02-30", "2001-12-14T21:59:43Z",
    "2001-12-14T21:59:43.123456789Z", "2001-12-14T21:59:43.1234567891Z", "2001-12-14 21:59:43", "20011214",
    "1.2.3", "v1.2", "0.0.0.0", "127.0.0.1", "1e", "e3", "0x", "0b", "0o", "0xG", "0b2", "0o8", "--1", "+-1",
    "1,000", "$1", "1%", "12:00", "12h", "1Gi", "100m", "0.5Gi", "true1", "yes!", "=", "<<", "-", "a: b",
    "hello world", "'quoted'", "\"dq\"", "#x", "a #b", "x\\ny", "~x", ".", "..", "...x", "+", "+.", "-.",
    "0.", "-0.0", "+0.0", "00.5", "01.5", "0e0", "1_0e1_0", "1e1_0",
]

QUOTED = ["0777", "yes", "true", "1.0", "~", "null", "", "0x1F", "2001-12-14", ".inf", "1e3", "on"]

TAGGED = [
    "!!str 0777", "!!str yes", "!!str 1.0", "!!str ~", "!!int 0777", "!!int 12", "!!int 1.5", "!!float 1",
    "!!float 1.5", "!!float 0777", "!!bool yes", "!!bool true", "!!bool 1", "!!null ''", "!!null null",
    "!!binary aGVsbG8=", "!!binary aGVsbG8", "!!timestamp 2001-12-14", "!!str", "!custom x", "! 12",
    "!!int '12'", "!!str '12'", "!!float '1.5'",
]

DOCUMENTS = [
    ("block literal", "|\n  a\n  b\n"),
    ("block literal strip", "|-\n  a\n  b\n"),
    ("block literal keep", "|+\n  a\n\n"),
    ("block folded", ">\n  a\n  b\n\n  c\n"),
    ("block folded strip", ">-\n  a\n  b\n"),
    ("block literal of a number", "|\n  0777\n"),
    ("flow mapping", "{a: 1, b: yes, c: '1'}"),
    ("flow sequence", "[1, y, '2', 0777, 1.0, ~]"),
    ("nested block", "\n  a:\n    b:\n    - 1\n    - on\n"),
    ("merge key", "\n  base: &b {x: 1, z: 2}\n  m:\n    <<: *b\n    z: 3\n"),
    ("merge list", "\n  a: &a {x: 1}\n  b: &b {y: 2}\n  m:\n    <<: [*a, *b]\n    w: 0\n"),
    ("merge quoted key", "\n  a: &a {x: 1}\n  m:\n    '<<': *a\n"),
    ("alias scalar", "\n  a: &a 0777\n  b: *a\n"),
    ("alias mapping", "\n  a: &a {k: v}\n  b: *a\n"),
    ("duplicate key", "\n  a: 1\n  a: 2\n"),
    ("duplicate key nested", "\n  m:\n    a: x\n    b: y\n    a: z\n"),
    ("boolean keys", "\n  y: 1\n  on: 2\n  'n': 3\n"),
    ("number keys", "{1: a, 0x10: b, 1.5: c, 1e3: d, 0777: e}"),
    ("null key", "{~: a}"),
    ("empty value", "\n  a:\n  b: ''\n"),
    ("empty flow", "{a: [], b: {}}"),
    ("comment", "\n  a: 1 # one\n  # gone\n  b: 2\n"),
    ("double quoted escapes", "\"tab\\tnl\\nuni\\u00e9 \\x41\""),
    ("single quoted escape", "'it''s'"),
    ("plain multi line", "\n  a\n  b\n"),
    ("quoted multi line", "\"a\n  b\""),
    ("tab in plain", "a\tb"),
    ("html chars", "'<a href=\"x\">&</a>'"),
    ("unicode", "héllo ✓ 😀"),
    ("line separator", "\"a\\u2028b\""),
    ("long string", "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg hhhhhhhhhh iiiiiiiiii"),
    ("sequence of maps", "\n  - name: a\n    value: 010\n  - name: b\n    value: '010'\n"),
    ("deep flow", "[[[[[[1]]]]]]"),
    ("defaultMode", "\n  volumes:\n  - name: v\n    secret:\n      secretName: s\n      defaultMode: 0777\n"),
]


def run(args, stdin=None):
    p = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def first_error_line(stderr):
    lines = [l for l in stderr.splitlines() if l.strip() and "memcache.go" not in l]
    line = lines[0] if lines else "error"
    return re.sub(r"/tmp/[^ :\"']*/", "", line)[:300]


def kubernetes(doc, tmp):
    path = os.path.join(tmp, "k.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)
    code, out, err = run(["kubectl", "annotate", "--local", "-f", path, "x=y", "-o", "json"])
    if code != 0:
        return {"error": first_error_line(err)}
    return {"value": json.loads(out).get("v")}


def kyaml(doc, tmp):
    d = os.path.join(tmp, "kz")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "kustomization.yaml"), "w", encoding="utf-8") as f:
        f.write("resources:\n- r.yaml\n")
    with open(os.path.join(d, "r.yaml"), "w", encoding="utf-8") as f:
        f.write(doc)
    code, out, err = run(["kubectl", "kustomize", d])
    if code != 0:
        return {"error": first_error_line(err)}
    at = out.find("\nv:")
    text = out[at + 1:] if at >= 0 else ""
    code, js, err = run(["kubectl", "annotate", "--local", "-f", "-", "x=y", "-o", "json"], stdin=out)
    if code != 0:
        return {"error": "re-read: " + first_error_line(err), "text": text}
    return {"value": json.loads(js).get("v"), "text": text}


def cases():
    for w in WORDS:
        yield ("plain " + repr(w), w)
    for w in QUOTED:
        yield ("single quoted " + repr(w), "'" + w + "'")
        yield ("double quoted " + repr(w), '"' + w + '"')
    for t in TAGGED:
        yield ("tagged " + t, t)
    for name, text in DOCUMENTS:
        yield (name, text)


def main():
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in cases():
            sep = "" if text.startswith("\n") else " "
            if text in ("",):
                sep = ""
            doc = HEADER + "v:" + sep + text + ("" if text.endswith("\n") else "\n")
            entry = {"name": name, "yaml": text, "kubernetes": kubernetes(doc, tmp), "kyaml": kyaml(doc, tmp)}
            out.append(entry)
            print(name, file=sys.stderr)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "scalars.json"), "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps(e, ensure_ascii=False, sort_keys=True) for e in out) + "\n]\n")
    print(f"{len(out)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
