"""digest_compare.py REWRITER BASE VARIANT... [-- COMPILE-ARGS]: rewrites each file and
prints, for each variant, whether the code digest of its cached functions is the same as
BASE's. The compile arguments are -std=c++17 and any given after `--`."""
import re
import subprocess
import sys
import tempfile
import os


def digests(rewriter, source):
    with tempfile.TemporaryDirectory() as out_dir:
        out = os.path.join(out_dir, "out.cpp")
        subprocess.run([rewriter, source, "-o", out, "--", "-std=c++17"] + extra_args, check=True)
        with open(out) as f:
            return re.findall(r"::npcache::Key128\{(0x[0-9a-f]+ull, 0x[0-9a-f]+ull)\}", f.read())


args = sys.argv[1:]
extra_args = args[args.index("--") + 1:] if "--" in args else []
args = args[:args.index("--")] if "--" in args else args
rewriter, base, variants = args[0], args[1], args[2:]
expected = digests(rewriter, base)
assert expected, "no cached function in " + base
counts = {"same": 0, "different": 0}
for variant in variants:
    verdict = "same" if digests(rewriter, variant) == expected else "different"
    counts[verdict] += 1
    print(f"{os.path.basename(variant)}: {verdict}")
print(f"summary: {len(variants)} edits, {counts['same']} same, {counts['different']} different")
