#!/usr/bin/env python3
"""Mutation testing: puts each one-line bug of test/mutation/catalog.json into the source,
one at a time, rebuilds incrementally, runs the tests that guard that code, and says which
test killed it. Ends with the score line "N killed, M survived".

    python3 scripts/mutate.py [--build build] [--only ID,ID] [--ci] [--list]

The mutations are made in this checkout and undone after each (and on any exit: a backup
of the file is kept beside it as FILE.npcache-mutation until it is restored, and a run
that finds one restores it first). At the end the build is brought back to the unmutated
source. --ci runs the catalog's fixed sample (entries with "ci": true), as CI does.

A catalog entry: {"id", "area", "file", "find", "replace", "tests", "why"?, "ci"?,
"equivalent"?}. An entry with "equivalent" (why the change cannot alter behaviour, such as
another part of the digest that already covers it) is listed and counted, but not run. `find` must
occur exactly once in `file`, and on one line. `tests` lists {"ctest": REGEX} (ctest -R)
and {"lit": SUITE, "filter": REGEX} (a lit suite of the build, e.g. "rewrite").
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIT = "/usr/lib/llvm-19/build/utils/lit/lit.py"
BACKUP = ".npcache-mutation"


def load_catalog(path):
    with open(path) as f:
        catalog = json.load(f)
    ids, errors = set(), []
    for m in catalog:
        for key in ("id", "area", "file", "find", "replace", "tests"):
            if key not in m:
                sys.exit("%s: entry %s has no %r" % (path, m.get("id"), key))
        if m["id"] in ids:
            sys.exit("%s: %s is listed twice" % (path, m["id"]))
        ids.add(m["id"])
        if "\n" in m["find"] or "\n" in m["replace"]:
            sys.exit("%s: %s is not a one-line mutation" % (path, m["id"]))
        with open(os.path.join(ROOT, m["file"])) as f:
            count = f.read().count(m["find"])
        if count != 1:
            errors.append("%s: %s: `find` occurs %d times in %s" % (path, m["id"], count, m["file"]))
    if errors:
        sys.exit("\n".join(errors))
    return catalog


def restore(path):
    """Puts the original back, dated now: with the backup's older time, ninja would keep
    the mutated object files."""
    os.replace(path + BACKUP, path)
    os.utime(path)


def restore_leftovers():
    for base, _, files in os.walk(ROOT):
        if "/build" in base or "/.git" in base:
            continue
        for name in files:
            if name.endswith(BACKUP):
                backup = os.path.join(base, name)
                restore(backup[:-len(BACKUP)])
                print("restored %s from an interrupted run" % backup[:-len(BACKUP)])


def build(build_dir):
    done = subprocess.run(["ninja", "-C", build_dir], capture_output=True, text=True)
    return done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def run_tests(build_dir, tests):
    """Returns the first test that failed, or None."""
    for test in tests:
        if "ctest" in test:
            done = subprocess.run(["ctest", "--test-dir", build_dir, "-R", test["ctest"], "-j2", "--stop-on-failure",
                                   "--timeout", str(test.get("timeout", 300))],
                                  capture_output=True, text=True)
            if "No tests were found" in done.stdout + done.stderr:
                return "error: no test matches ctest -R " + test["ctest"]
            if done.returncode != 0:
                # Tests that --stop-on-failure left out are listed too, as "Not Run".
                failed = re.findall(r"^\s*\d+ - (\S+) \((?!Not Run)", done.stdout, re.M)
                return "ctest " + (failed[0] if failed else test["ctest"])
        else:
            suite = os.path.join(build_dir, "test", test["lit"])
            if not os.path.isdir(suite):  # lit fails on it, which would count as a kill
                return "error: no lit suite " + suite
            try:
                done = subprocess.run([sys.executable, LIT, "-q", suite, "--filter", test["filter"]],
                                      capture_output=True, text=True, timeout=test.get("timeout", 900))
            except subprocess.TimeoutExpired:
                return "lit %s :: %s (timed out)" % (test["lit"], test["filter"])
            if "filter did not match any tests" in done.stderr:
                return "error: no lit test matches " + test["filter"]
            if done.returncode != 0:
                failed = re.findall(r"^\s+\S+ :: (\S+)$", done.stdout, re.M)
                return "lit %s :: %s" % (test["lit"], failed[0] if failed else test["filter"])
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--catalog", default=os.path.join(ROOT, "test", "mutation", "catalog.json"))
    parser.add_argument("--only", help="comma-separated ids")
    parser.add_argument("--ci", action="store_true", help="the catalog's fixed sample")
    parser.add_argument("--list", action="store_true", help="list the catalog and stop")
    args = parser.parse_args()

    restore_leftovers()
    catalog = load_catalog(args.catalog)
    if args.only:
        wanted = set(args.only.split(","))
        catalog = [m for m in catalog if m["id"] in wanted]
    if args.ci:
        catalog = [m for m in catalog if m.get("ci")]
    if args.list:
        for m in catalog:
            print("%-32s %-14s %s" % (m["id"], m["area"], m["file"]))
        return
    ok, log = build(args.build)
    if not ok:
        sys.exit("the unmutated source does not build:\n" + log)

    equivalent = [m for m in catalog if m.get("equivalent")]
    for m in equivalent:
        print("[--] %-32s %-14s equivalent: %s" % (m["id"], m["area"], m["equivalent"]), flush=True)
    catalog = [m for m in catalog if not m.get("equivalent")]
    killed, survived, invalid = [], [], []
    start = time.time()
    try:
        for n, m in enumerate(catalog, 1):
            path = os.path.join(ROOT, m["file"])
            with open(path) as f:
                original = f.read()
            os.replace(path, path + BACKUP)
            with open(path, "w") as f:
                f.write(original.replace(m["find"], m["replace"], 1))
            try:
                began = time.time()
                ok, log = build(args.build)
                killer = run_tests(args.build, m["tests"]) if ok else None
            finally:
                restore(path)
            seconds = time.time() - began
            if not ok:
                invalid.append(m["id"])
                verdict = "INVALID (does not compile)"
            elif killer is None:
                survived.append(m["id"])
                verdict = "SURVIVED"
            elif killer.startswith("error:"):
                invalid.append(m["id"])
                verdict = "INVALID (" + killer + ")"
            else:
                killed.append(m["id"])
                verdict = "killed by " + killer
            print("[%2d/%d] %-32s %-14s %4.0f s  %s" % (n, len(catalog), m["id"], m["area"], seconds, verdict),
                  flush=True)
    finally:
        build(args.build)  # the unmutated source again
    print("%d killed, %d survived%s%s in %.0f min" % (
        len(killed), len(survived), ", %d invalid" % len(invalid) if invalid else "",
        ", %d equivalent (not run)" % len(equivalent) if equivalent else "", (time.time() - start) / 60))
    if survived:
        print("survived: " + ", ".join(survived))
    sys.exit(1 if survived or invalid else 0)


if __name__ == "__main__":
    main()
