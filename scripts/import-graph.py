#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Which module of libmtkfw uses which (a module uses another when it calls a
function or reads a variable the other defines: from the object files' symbol
tables, so it is what the code does, not what headers say). Prints the graph
by folder, and exits 1 naming every circle between files or folders and every
use of a folder that ALLOWED (the layers of ARCHITECTURE.md) does not grant.
Usage: scripts/import-graph.py BUILD_DIR"""
import glob, os, subprocess, sys

objdir = os.path.join(sys.argv[1] if len(sys.argv) > 1 else "build", "lib/CMakeFiles/mtkfw-obj.dir")
sources = {os.path.relpath(p, os.path.join(os.path.dirname(__file__), "..", "lib"))[:-2]
           for p in glob.glob(os.path.join(os.path.dirname(__file__), "..", "lib", "*", "*.c"))}
defs, uses = {}, {}
for o in glob.glob(os.path.join(objdir, "*", "*.c.o")):
    mod = os.path.relpath(o, objdir)[: -len(".c.o")]
    if mod not in sources:
        continue  # a stale object of a file that moved
    for line in subprocess.run(["nm", o], capture_output=True, text=True).stdout.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "TDBR":
            defs[f[2]] = mod
        elif len(f) == 2 and f[0] == "U":
            uses.setdefault(mod, set()).add(f[1])
graph = {m: {defs[u] for u in us if u in defs and defs[u] != m} for m, us in uses.items()}

def circles(g):
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1: out.append(sorted(comp))
    for v in list(g):
        if v not in index: visit(v)
    return out

# The layers of ARCHITECTURE.md: which folders of lib/ each folder may use.
ALLOWED = {
    "core": set(),
    "image": {"core"},
    "link": {"core"},
    "pkg": {"core", "image"},
    "check": {"core", "image", "pkg"},
    "proto": {"core", "image", "link"},
    "ops": {"core", "image", "link", "pkg", "check", "proto"},
    "job": {"core", "image", "link", "pkg", "check", "proto", "ops"},
    "station": {"core", "image", "link", "pkg", "check", "proto", "ops", "job"},
}

folders = {}
for m, deps in graph.items():
    for d in deps:
        a, b = m.split("/")[0], d.split("/")[0]
        if a != b:
            folders.setdefault(a, set()).add(b)
for k in sorted(folders):
    print(f"{k:6} uses {' '.join(sorted(folders[k]))}")
bad = circles(graph) + circles(folders)
for c in bad:
    print("circle:", " <-> ".join(c))
for k in sorted(folders):
    for d in sorted(folders[k] - ALLOWED.get(k, set())):
        users = sorted(m for m, deps in graph.items() if m.startswith(k + "/") and any(x.startswith(d + "/") for x in deps))
        print(f"layer: {k} may not use {d} (ARCHITECTURE.md), but {' '.join(users)} does")
        bad.append(k)
sys.exit(1 if bad else 0)
