#!/usr/bin/env python3
"""Prints the files (relative to BUILD) that the tests of the given suites need, for ninja, so a
build can compile only what it runs. Usage: suite_targets.py BUILD SUITE..."""
import json
import os
import subprocess
import sys

build, suites = sys.argv[1], set(sys.argv[2:])

def introspect(what):
    return json.loads(subprocess.check_output(["meson", "introspect", build, what]))

files = {}
for target in introspect("--targets"):
    files[target["id"]] = target["filename"]
needed = set()
for test in introspect("--tests"):
    if not any(suite.split(":")[-1] in suites for suite in test["suite"]):
        continue
    for target_id in test["depends"]:
        needed.update(files.get(target_id, []))
for path in sorted(needed):
    print(os.path.relpath(path, build))
