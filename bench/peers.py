#!/usr/bin/python3
"""npcache next to joblib.Memory, diskcache and functools.lru_cache, with the floors.

Every workload runs in fresh processes and fresh directories, for each tool in turn, and
the whole set is repeated --runs times; a figure is the fastest of its runs (this VM's
disk and page faults stall at random, and a stall says nothing about the code). The
machine's floors come from the same runs: open + pread + close of a small file (a disk
hit), write + rename (a store), pread into fresh memory (a large hit).

    /usr/bin/python3 bench/peers.py --build build [--runs 3]

Debian's python3-joblib, python3-diskcache and python3-numpy (scripts/install-deps.sh);
/usr/bin/python3, because a python3 earlier in PATH may not see them.

The workloads:
  small store      N new keys of f(int, double) -> double: a miss that stores
  small hit        the same N keys from a new process, PASSES times each
  small memory     the same in-process (npcache memory = true; lru_cache), after a pass
                   that fills it
  disk per entry   bytes on disk (allocated blocks) after the N stores, divided by N
  8 on one key     8 processes hit one stored key for a second, all at once: time per
                   call over all of them (1 / calls per second)
  2 MiB hit        a 2 MiB result (std::vector<double>; a numpy array) many times over,
                   in the process that stored it
  256 MiB hit      a 256 MiB result stored by one process, then the first call of each of
                   a few new processes: a program's second run
"""
import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SMALL_N = 2000
PASSES = 5


def small(k, x):
    return k * x + 1.0


def vector_of(k, mib):
    import numpy
    return numpy.arange(k, k + (mib << 20) // 8, dtype=numpy.float64)


def peer_function(tool, directory, fn):
    """fn wrapped by a Python peer, caching in `directory`."""
    if tool == "joblib":
        import joblib
        return joblib.Memory(directory, verbose=0).cache(fn)
    if tool == "diskcache":
        import diskcache
        return diskcache.Cache(directory).memoize()(fn)
    if tool == "fanoutcache":
        import diskcache
        return diskcache.FanoutCache(directory, shards=8).memoize()(fn)
    if tool == "lru_cache":
        return functools.lru_cache(maxsize=None)(fn)
    raise SystemExit("unknown tool " + tool)


def worker(tool, directory, workload, n, arg):
    """One workload of one Python peer, in this (fresh) process; prints one JSON line."""
    if workload in ("store-small", "hit-small", "memory-small"):
        f = peer_function(tool, directory, small)
        passes = 1 if workload == "store-small" else int(arg)
        if workload == "memory-small":
            for k in range(n):
                f(k, 0.5)
        begin = time.perf_counter()
        for _ in range(passes):
            for k in range(n):
                f(k, 0.5)
        seconds = time.perf_counter() - begin
        calls = n * passes
    elif workload == "hit-shared":
        f = peer_function(tool, directory, small)
        f(0, 0.5)
        time.sleep(max(0.0, float(os.environ["NPCACHE_PEERS_START"]) - time.time()))
        begin = time.perf_counter()
        calls = 0
        while time.perf_counter() - begin < arg:
            for _ in range(64):
                f(0, 0.5)
            calls += 64
        seconds = time.perf_counter() - begin
    elif workload in ("hit-vector", "store-vector", "first-hit-vector"):
        f = peer_function(tool, directory, vector_of)
        if workload != "first-hit-vector":
            f(0, int(arg))
        if workload == "store-vector":
            n = 0
        begin = time.perf_counter()
        for _ in range(n):
            f(0, int(arg))[1]
        seconds = time.perf_counter() - begin
        calls = max(n, 1)
    else:
        raise SystemExit("unknown workload " + workload)
    print(json.dumps({"workload": workload, "seconds": seconds, "calls": calls}))


def disk_bytes(directory):
    total = 0
    for root, _, files in os.walk(directory):
        for name in files:
            total += os.lstat(os.path.join(root, name)).st_blocks * 512
    return total


class Runner:
    def __init__(self, driver, quick):
        self.driver = driver
        self.best = {}  # (tool, workload) -> seconds per call
        # --quick (ctest's bench.peers): every tool and workload runs, on less data.
        self.quick = quick
        self.small_n = 100 if quick else SMALL_N
        # (MiB, calls, how): "warm" times calls hits in the process that stored the result;
        # "first" stores it, then times the first call of each of `calls` new processes.
        self.vectors = ((2, 5, "warm"), (4, 1, "first")) if quick else ((2, 200, "warm"), (256, 3, "first"))

    def run(self, tool, directory, workload, n, arg=1):
        if tool == "npcache" or tool == "floor":
            cmd = [self.driver, directory, workload, str(n), str(arg)]
        else:
            cmd = [sys.executable, os.path.abspath(__file__), "--worker", tool, directory,
                   workload, str(n), str(arg)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        if result.get("computed", 0) != 0 and not workload.startswith("store-"):
            raise SystemExit(f"{tool} {workload}: the timed calls computed")
        per_call = result["seconds"] / result["calls"]
        self.keep(tool, workload, per_call)
        return per_call

    def shared(self, tool, directory, processes=8, seconds=1):
        """`processes` processes hitting one key at once; keeps seconds per call over all."""
        self.run(tool, directory, "store-small", 1)
        if tool == "npcache":
            cmd = [self.driver, directory, "hit-shared", "1", str(seconds)]
        else:
            cmd = [sys.executable, os.path.abspath(__file__), "--worker", tool, directory,
                   "hit-shared", "1", str(seconds)]
        env = dict(os.environ, NPCACHE_PEERS_START=repr(time.time() + 2.0))
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env) for _ in range(processes)]
        results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
        if any(p.returncode != 0 for p in procs):
            raise SystemExit(f"{tool} hit-shared failed")
        calls = sum(r["calls"] for r in results)
        self.keep(tool, "hit-shared-8", max(r["seconds"] for r in results) / calls)

    def keep(self, tool, workload, value):
        key = (tool, workload)
        self.best[key] = min(self.best.get(key, value), value)

    def one_round(self, scratch, rotation=0):
        def fresh(name):
            path = os.path.join(scratch, name)
            shutil.rmtree(path, ignore_errors=True)
            return path

        # Each round starts with another tool: on this VM the first process to take fresh
        # memory after a pause can pay ten times what the next one pays.
        tools = ["npcache", "joblib", "diskcache", "fanoutcache"]
        for tool in tools[rotation % 4:] + tools[:rotation % 4]:
            d = fresh(tool + "-small")
            self.run(tool, d, "store-small", self.small_n)
            self.keep(tool, "disk-per-entry", disk_bytes(d) / self.small_n)
            self.run(tool, d, "hit-small", self.small_n, PASSES)
            self.shared(tool, fresh(tool + "-shared"), seconds=0.2 if self.quick else 1)
            if tool == "npcache":
                self.run(tool, d, "memory-small", self.small_n, PASSES)
            for mib, calls, how in self.vectors:
                v = fresh(f"{tool}-vector{mib}")
                if how == "warm":
                    self.run(tool, v, "hit-vector", calls, mib)
                    self.keep(tool, f"hit-vector-{mib}", self.best.pop((tool, "hit-vector")))
                else:
                    self.run(tool, v, "store-vector", 1, mib)
                    self.best.pop((tool, "store-vector"))
                    for _ in range(calls):
                        self.run(tool, v, "first-hit-vector", 1, mib)
                    self.keep(tool, f"first-hit-vector-{mib}", self.best.pop((tool, "first-hit-vector")))
            shutil.rmtree(os.path.join(scratch, tool + "-small"), ignore_errors=True)
        self.run("lru_cache", fresh("lru"), "memory-small", self.small_n, PASSES)
        self.run("floor", fresh("floor-small"), "floor-small", self.small_n)
        self.run("floor", fresh("floor-store"), "floor-store", self.small_n)
        for mib, calls, how in self.vectors:
            for _ in range(1 if how == "warm" else calls):  # "first": one read per new process
                self.run("floor", fresh(f"floor-read{mib}"), "floor-read", mib, calls if how == "warm" else 1)
            self.keep("floor", f"floor-read-{mib}", self.best.pop(("floor", "floor-read")))
        for name in os.listdir(scratch):
            shutil.rmtree(os.path.join(scratch, name), ignore_errors=True)


PEERS = ("joblib", "diskcache", "fanoutcache")

# title, workload, unit, scale, the floor's workload (or None), the peers it is compared with.
ROWS = (
    ("small store (miss + store)", "store-small", "us", 1e6, "floor-store", PEERS),
    ("small hit, new process (disk)", "hit-small", "us", 1e6, "floor-small", PEERS),
    ("small hit, memory tier", "memory-small", "ns", 1e9, None, ("lru_cache",)),
    ("disk per small entry", "disk-per-entry", "bytes", 1, None, PEERS),
    ("8 processes on one key, per call", "hit-shared-8", "ns", 1e9, None, PEERS),
    ("2 MiB hit, warm process", "hit-vector-2", "ms", 1e3, "floor-read-2", PEERS),
    ("256 MiB hit, new process", "first-hit-vector-256", "ms", 1e3, "floor-read-256", PEERS),
    ("4 MiB hit, new process", "first-hit-vector-4", "ms", 1e3, "floor-read-4", PEERS),
)


def report(best):
    print(f"{'workload':32} {'npcache':>10} {'best peer':>24} {'npcache/peer':>13} {'floor':>10} {'npcache/floor':>14}")
    for title, workload, unit, scale, floor, peers in ROWS:
        if ("npcache", workload) not in best:
            continue
        ours = best[("npcache", workload)]
        peer_name = min(peers, key=lambda p: best[(p, workload)])
        peer = best[(peer_name, workload)]
        line = f"{title:32} {ours * scale:>7.2f} {unit:2} {peer_name:>12} {peer * scale:>8.2f} {unit:2}"
        line += f" {ours / peer:>12.2f}x"
        if floor:
            f = best[("floor", floor)]
            line += f" {f * scale:>7.2f} {unit:2} {ours / f:>13.2f}x"
        print(line)
    print("\nevery tool, every workload (fastest run):")
    for (tool, workload), value in sorted(best.items()):
        print(f"  {tool:12} {workload:16} {value:.9g}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        tool, directory, workload, n, arg = sys.argv[2:7]
        worker(tool, directory, workload, int(n), float(arg))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build", help="the build directory (bench/npcache_peers)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="also write the fastest figures here")
    parser.add_argument("--quick", action="store_true", help="little data: checks that it runs")
    args = parser.parse_args()
    driver = os.path.abspath(os.path.join(args.build, "bench", "npcache_peers"))
    runner = Runner(driver, args.quick)
    scratch = tempfile.mkdtemp(prefix="npcache-peers-", dir=os.environ.get("TMPDIR", "/var/tmp"))
    try:
        for i in range(args.runs):
            print(f"run {i + 1} of {args.runs}", file=sys.stderr)
            runner.one_round(scratch, i)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report(runner.best)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({f"{t}/{w}": v for (t, w), v in runner.best.items()}, out, indent=1)


if __name__ == "__main__":
    main()
