#!/usr/bin/env bash
# The README's second command: installs what is missing, builds everything and runs
# every test with ctest, then the rewriter's and launcher's suites with LLVM 22 (and the
# digests of both LLVMs compared), then the runtime and command tests again, with the fuzz
# targets, under AddressSanitizer and UndefinedBehaviorSanitizer, then the mutation
# catalog's fixed sample (docs/TESTING.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/configure.sh
(cd build && ctest --output-on-failure -j2 --timeout 600)
scripts/llvm22.sh
scripts/sanitize.sh
python3 scripts/mutate.py --ci
