"""digest_versions.py REWRITER_A REWRITER_B INCLUDE FILE... : rewrites each file (each part
of a split-file suite) with both rewriters, built with different LLVM versions, and checks
that every cached function gets the same code digest from both, so that a team on mixed
versions shares entries. Prints each difference and the counts; exits 1 on a difference.
A part with a line "digest-versions: differs (REASON)" is left out and counted apart: the two
ASTs differ there (Clang 22 makes a string literal of an #embed that Clang 19 keeps)."""
import os
import re
import subprocess
import sys
import tempfile

DIGEST = re.compile(r"::npcache::Key128\{(0x[0-9a-f]+ull, 0x[0-9a-f]+ull)\}")


def digests(rewriter, source, flags):
    with tempfile.TemporaryDirectory() as out_dir:
        out = os.path.join(out_dir, "out.cpp")
        run = subprocess.run([rewriter, source, "-o", out, "--"] + flags,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if run.returncode != 0 or not os.path.exists(out):
            return None  # a part that is meant not to rewrite; both must agree on that too
        with open(out) as f:
            return DIGEST.findall(f.read())


def parts(path, work):
    with open(path) as f:
        if "\n//--- " not in f.read():
            return [path]
    target = os.path.join(work, os.path.basename(path))
    subprocess.run(["split-file", path, target], check=True)
    return sorted(os.path.join(target, name) for name in os.listdir(target) if name.endswith(".cpp"))


def main():
    a, b, include, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    flags = ["-std=c++17", "-I" + include, "-isystem", "/usr/include/eigen3", "-DMARK"]
    sources = digested = differ = skipped = 0
    with tempfile.TemporaryDirectory() as work:
        for path in files:
            for source in parts(path, work):
                with open(source) as f:
                    if "digest-versions: differs" in f.read():
                        skipped += 1
                        continue
                sources += 1
                da, db = digests(a, source, flags), digests(b, source, flags)
                digested += len(da or [])
                if da != db:
                    differ += 1
                    print(f"differs: {os.path.relpath(source, work)}: {da} vs {db}")
    print(f"summary: {sources} sources, {digested} digests, {differ} differ; {skipped} left out")
    sys.exit(1 if differ or digested == 0 else 0)


if __name__ == "__main__":
    main()
