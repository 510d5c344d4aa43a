#!/usr/bin/env python3
"""harness.py --project SPEC.json --prefix NPCACHE_PREFIX --work DIR [--edits N] [--report FILE]

Finds what npcache gets wrong on a real project before users do. It marks every function
of the project that npcache supports and whose parameters and result have codecs (as
`npcache-rewrite --list-cacheable` decides), builds the project with npcache-cxx as its
compiler and linker launcher, runs the project's own tests twice in new processes, and
compares every output with an uncached build of the same sources:

  - both runs must print what the uncached build prints (a difference is a wrong result);
    a test whose output differs between two runs of the uncached build is the program's
    own (an address, uninitialized memory) and is reported and left uncompared;
  - on the second run, every call of a marked function must hit;
  - a function that npcache warns about (purity) is unmarked, and the reason printed;
  - then scripted edits (a function's body, a callee in another file, a constant, a
    template defined in a .cpp, a function npcache does not list as reached, a constant
    declared in a marked file or a project header it includes, found by the harness's own
    scan rather than npcache's records, a comment) are
    applied to both builds: every result must
    match the uncached build of the same edit (0 stale hits), and a comment-only edit must
    cause no miss.

SPEC is JSON: {"name", "source" (relative to SPEC), "cmake_args": [...], "mark": [globs
relative to the source], "tests": [{"command": [...], "cwd": "build" | "source"}],
"normalize": [regexes whose matches are blanked in outputs before comparing], "build_timeout":
seconds (3600)}.
It prints a report and writes it as JSON with --report; the exit status is 1 when a
wrong result, a build that npcache broke, or a miss on the second run was seen.
"""
import argparse
import fnmatch
import itertools
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import time

ATTRIBUTE = "[[npcache::cached]] "


class Failure(Exception):
    pass


def compiler_header_dir(compiler, known={}):
    """-idirafter the directory of the headers that come with the compiler (GCC's omp.h),
    which Clang's parse lacks, as npcache-cxx passes it to its own parses."""
    if compiler not in known:
        found = subprocess.run([compiler, "-print-file-name=include"], stdout=subprocess.PIPE, text=True)
        path = found.stdout.strip()
        known[compiler] = ["-idirafter", path] if found.returncode == 0 and os.path.isdir(path) else []
    return known[compiler]


def run(command, cwd, env=None, timeout=600, check=True):
    started = time.perf_counter()
    try:
        result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, timeout
    if check and result.returncode != 0:
        raise Failure(f"failed ({result.returncode}): {' '.join(command)}\n{result.stdout[-6000:]}")
    return result, time.perf_counter() - started


class Copy:
    """One build of the project: plain (no npcache) or with npcache-cxx as its launcher."""

    def __init__(self, harness, kind):
        self.h = harness
        self.kind = kind
        self.root = os.path.join(harness.work, kind)
        self.src = os.path.join(self.root, "src")
        self.build_dir = os.path.join(self.root, "build")
        self.cache = os.path.join(self.root, "cache")
        self.state = os.path.join(self.root, "state")
        self.log = ""

    def prepare(self):
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.copytree(self.h.source, self.src, symlinks=True)

    def configure(self):
        args = ["cmake", "-S", self.src, "-B", self.build_dir, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"] + self.h.spec.get("cmake_args", [])
        if self.kind == "npcache":
            launcher = f"{self.h.prefix}/bin/npcache-cxx;--state={self.state}"
            # The C compiler too, as npcache_enable does: a cached function may call C code.
            args += [f"-DCMAKE_CXX_COMPILER_LAUNCHER={launcher}", f"-DCMAKE_C_COMPILER_LAUNCHER={launcher}",
                     f"-DCMAKE_CXX_LINKER_LAUNCHER={launcher}", "-DCMAKE_CXX_FLAGS=-Wno-attributes=npcache::",
                     f"-DCMAKE_PROJECT_INCLUDE={self.project_include()}"]
        run(args, self.root)

    def project_include(self):
        """A CMake file run after the project's project(): at the end of its configure, what
        npcache_enable does to a target in a unity build is done to every target (the
        marked files compiled outside the batches), by npcache's own CMake code."""
        path = os.path.join(self.root, "npcache-project-include.cmake")
        # The spec's own, which this one replaces on the command line, runs from it.
        own = [a.split("=", 1)[1] for a in self.h.spec.get("cmake_args", [])
               if a.startswith("-DCMAKE_PROJECT_INCLUDE=")]
        with open(path, "w") as f:
            for include in own:
                f.write(f'include("{include}")\n')
            f.write(f"""include("{self.h.prefix}/lib/cmake/npcache/npcache.cmake")
function(_harness_keep_out_of_unity dir)
  get_property(targets DIRECTORY "${{dir}}" PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${{target}} TYPE)
    if(NOT type STREQUAL "INTERFACE_LIBRARY" AND NOT type STREQUAL "UTILITY")
      _npcache_keep_out_of_unity(${{target}})
    endif()
  endforeach()
  get_property(subdirectories DIRECTORY "${{dir}}" PROPERTY SUBDIRECTORIES)
  foreach(subdirectory IN LISTS subdirectories)
    _harness_keep_out_of_unity("${{subdirectory}}")
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY "${{CMAKE_SOURCE_DIR}}" CALL _harness_keep_out_of_unity "${{CMAKE_SOURCE_DIR}}")
""")
        return path

    def build(self):
        limit = self.h.spec.get("build_timeout", 3600)
        result, seconds = run(["cmake", "--build", self.build_dir, "-j2"], self.root, timeout=limit, check=False)
        if result is None:
            raise Failure(f"{self.kind} build took more than {limit} s (the spec's build_timeout)")
        self.log = result.stdout
        if result.returncode != 0:
            raise Failure(f"{self.kind} build failed:\n{result.stdout[-8000:]}")
        return seconds

    def test(self, mode=None, cache=None):
        """The outputs of the project's tests, normalized, with their exit statuses; with
        `mode` (NPCACHE_MODE, "off"), the npcache build runs uncached; with `cache`, on
        that cache directory instead of its own."""
        env = dict(os.environ, NPCACHE_DIR=cache or self.cache)
        env.pop("NPCACHE_LOG", None)
        if mode is not None:
            env["NPCACHE_MODE"] = mode
        outputs = []
        for t in self.h.spec["tests"]:
            cwd = self.build_dir if t.get("cwd", "build") == "build" else self.src
            result, _ = run(t["command"], cwd, env=env, timeout=t.get("timeout", 300), check=False)
            if result is None:
                outputs.append("<timeout>")
                continue
            # The two builds live in different directories; a test that prints a source
            # path (gtest's failure lines do) must not count as a different result.
            text = result.stdout.replace(self.root, "<root>")
            for pattern in self.h.spec.get("normalize", []):
                text = re.sub(pattern, "<normalized>", text)
            outputs.append(f"exit {result.returncode}\n{text}")
        return self.h.stable(outputs)

    def counters(self):
        """Hits and misses per cached function, all processes so far."""
        if not os.path.isdir(self.cache):
            return {}
        result, _ = run([f"{self.h.prefix}/bin/npcache", "--json", "stats", self.cache], self.root)
        return {f["function"]: (f["hits"], f["misses"], f["stores"]) for f in json.loads(result.stdout)["functions"]}


class Harness:
    def __init__(self, args):
        with open(args.project) as f:
            self.spec = json.load(f)
        self.source = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(args.project)),
                                                    self.spec["source"]))
        self.prefix = os.path.abspath(args.prefix)
        self.work = os.path.abspath(args.work)
        self.edits = args.edits
        self.plain = Copy(self, "plain")
        self.npc = Copy(self, "npcache")
        self.marks = {}  # file (relative) -> list of {"offset", "name", "removed"?}
        self.functions = []  # (file (relative), offset in the plain copy) of every function listed
        self.listed_files = set()
        self.include_dirs = {}  # file (relative) -> the -I/-iquote folders of its command
        self.edited = set()  # files (relative) that edits have touched
        self.report = {"project": self.spec["name"], "excluded": {}, "problems": [], "unstable_tests": []}
        self.unstable = set()  # indices of tests whose plain output differs run to run

    # ---- marking ----------------------------------------------------------------------

    @staticmethod
    def included_sources(sources):
        """The compiled files that some compiled file #includes by a relative name."""
        out = set()
        for source in sources:
            try:
                with open(source, errors="replace") as f:
                    text = f.read()
            except OSError:
                continue
            for name in re.findall(r'^\s*#\s*include\s*"([^"]+)"', text, re.M):
                target = os.path.normpath(os.path.join(os.path.dirname(source), name))
                if target in sources:
                    out.add(target)
        return out

    @staticmethod
    def unity_members(commands):
        """The entries of CMake's unity batches (Unity/unity_0_cxx.cxx) replaced by one entry
        per source the batch includes, with the batch's command: the sources are what is
        marked and listed."""
        out = []
        for entry in commands:
            path = os.path.join(entry["directory"], entry["file"])
            if not re.search(r"/Unity/unity_\d+_(cxx|c)\.\w+$", path):
                out.append(entry)
                continue
            with open(path, errors="replace") as f:
                members = re.findall(r'^\s*#\s*include\s*"([^"]+)"', f.read(), re.M)
            command = entry.get("arguments") or shlex.split(entry["command"])
            for member in members:
                source = os.path.normpath(os.path.join(os.path.dirname(path), member))
                out.append({"directory": entry["directory"], "file": source,
                            "arguments": [source if a in (entry["file"], path) else a for a in command]})
        return out

    def mark_all(self):
        with open(os.path.join(self.plain.build_dir, "compile_commands.json")) as f:
            commands = self.unity_members(json.load(f))
        listed = cacheable = 0
        sources = {os.path.normpath(os.path.join(e["directory"], e["file"])) for e in commands}
        included = self.included_sources(sources)
        for entry in commands:
            path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
            relative = os.path.relpath(path, self.plain.src)
            if relative.startswith("..") or not any(fnmatch.fnmatch(relative, g) for g in self.spec["mark"]):
                continue
            if relative in self.listed_files:
                continue  # compiled by several targets: marked once
            if path in included:
                # Another file #includes this source (fmt's tests include src/os.cc): there
                # its functions are a header's, which npcache does not cache yet.
                self.count_excluded("source file #included by another source file")
                continue
            self.listed_files.add(relative)
            # "command" is one shell-quoted string (LLNL/units: -DTEST_FILE_FOLDER=\"/path\").
            command = entry.get("arguments") or shlex.split(entry["command"])
            args = strip_compile_args(command[1:], entry["file"])
            self.include_dirs[relative] = include_dirs(args, entry["directory"])
            if "++" in os.path.basename(command[0]) and relative.endswith(".c"):
                args += ["-x", "c++"]  # g++ compiles a .c file as C++ (libcerf's CERF_CPP), Clang as C
            args += compiler_header_dir(command[0])  # as npcache-cxx adds it: GCC's omp.h (muparser)
            out = os.path.join(self.work, "list.json")
            run([f"{self.prefix}/bin/npcache-rewrite", os.path.join(self.plain.src, relative), "-o", "-",
                 "--list-cacheable", out, "--"] + args, entry["directory"])
            with open(out) as f:
                functions = json.load(f)
            for fn in functions:
                listed += 1
                if "offset" in fn:  # none for a function a macro writes
                    self.functions.append((relative, fn["offset"]))
                if fn["cacheable"]:
                    cacheable += 1
                    self.marks.setdefault(relative, []).append({"offset": fn["offset"], "name": fn["name"]})
                else:
                    self.count_excluded(re.sub(r"'[^']*'", "'…'", fn["reason"]))
        self.report["functions"] = listed
        self.report["marked"] = cacheable
        self.write_marks()

    def count_excluded(self, reason):
        self.report["excluded"][reason] = self.report["excluded"].get(reason, 0) + 1

    def write_marks(self):
        """The npcache copy of each marked or edited file: the plain copy with the marks
        inserted. Files whose content is unchanged are left alone, so that the build sees no
        change."""
        # Offsets are bytes, as Clang counts them; the files are read and written as bytes.
        # An edited file without marks (a header) is copied as it is: until 2026-12-05 its
        # edits reached the plain copy only, and were skipped as "not the same twice".
        for relative in sorted(set(self.marks) | self.edited):
            marks = self.marks.get(relative, [])
            text = read_bytes(os.path.join(self.plain.src, relative))
            for m in sorted((m for m in marks if not m.get("removed")), key=lambda m: -m["offset"]):
                text = text[:m["offset"]] + ATTRIBUTE.encode() + text[m["offset"]:]
            target = os.path.join(self.npc.src, relative)
            if read_bytes(target) != text:
                write_bytes(target, text)

    def unmark_warned(self):
        """Functions npcache warns about keep state or read the world: leave them out."""
        warned = set(re.findall(r"warning: cached function '([^']+)' can reach code", self.npc.log))
        removed = 0
        for relative, marks in self.marks.items():
            for m in marks:
                short = m["name"].split("(")[0].split("::")[-1]
                if not m.get("removed") and short in warned:
                    m["removed"] = True
                    removed += 1
                    print(f"   left out {m['name']} ({relative}): npcache warns it is not a function of "
                          f"its arguments")
        self.report["warned"] = self.report.get("warned", 0) + removed
        return removed

    # ---- runs -------------------------------------------------------------------------

    def compare(self, expected, got, what):
        wrong = 0
        for i, (a, b) in enumerate(zip(expected, got)):
            if a != b:
                wrong += 1
                self.report["problems"].append(f"wrong result: {what}, test {i}: "
                                               f"{first_difference(a, b)}")
        return wrong

    def stable(self, outputs):
        """The outputs with those of the tests that print differently on every run of the
        plain build (addresses, uninitialized memory, times) blanked: none to compare."""
        return ["<unstable>" if i in self.unstable else o for i, o in enumerate(outputs)]

    def run_twice(self):
        shutil.rmtree(self.npc.cache, ignore_errors=True)
        baseline = self.plain.test()
        again = self.plain.test()
        for i, (a, b) in enumerate(zip(baseline, again)):
            if a != b:
                # The program's own: reported, so that a "normalize" pattern can bring the
                # test back; left uncompared, so that it hides no other test's result.
                self.unstable.add(i)
                self.report["unstable_tests"].append(f"test {i}: {first_difference(a, b)}")
        baseline = self.stable(baseline)  # taken before the unstable tests were known
        first = self.npc.test()
        after_first = self.npc.counters()
        second = self.npc.test()
        after_second = self.npc.counters()
        wrong = self.compare(baseline, first, "first run") + self.compare(baseline, second, "second run")
        called = [name for name, (h, m, _) in after_second.items() if h + m > 0]
        # A miss that stores nothing is a call that threw: nothing was cached, by design.
        missed = {name: after_second[name][2] - after_first.get(name, (0, 0, 0))[2] for name in called}
        missed = {name: n for name, n in missed.items() if n > 0}
        for name, n in missed.items():
            self.report["problems"].append(f"second run computed and stored {n} result(s) of {name}")
        self.report.update({
            "called": len(called),
            "calls_run_1": sum(sum(after_first.get(n, (0, 0, 0))[:2]) for n in called),
            "calls_run_2": sum(sum(after_second[n][:2]) - sum(after_first.get(n, (0, 0, 0))[:2]) for n in called),
            "hit_on_run_2": len(called) - len(missed),
            "wrong_results": wrong,
        })
        return baseline

    # ---- edits ------------------------------------------------------------------------

    def edit_targets(self):
        """(kind, file, offset of a definition) for the edits, from the link's records: the
        cached functions' own bodies and the definitions they reach in other files."""
        targets = []
        records = []
        objects = os.path.join(self.npc.state, "objects")
        for name in os.listdir(objects) if os.path.isdir(objects) else []:
            with open(os.path.join(objects, name)) as f:
                records.append(json.load(f))
        definitions = {}
        for r in records:
            summary = r.get("summary") or {}
            for symbol, d in (summary.get("definitions") or {}).items():
                definitions[symbol] = d
        for r in records:
            summary = r.get("summary") or {}
            for entry in (summary.get("cached") or {}).values():
                targets.append(("body", entry["at"]))
                for use in entry.get("uses", []):
                    d = definitions.get(use)
                    if d is None or "at" not in d:
                        continue
                    kind = "template" if "<" in d["name"] else "constant" if "(" not in d["name"] else "callee"
                    targets.append((kind, d["at"]))
        # Every other function of the marked files, as far as npcache's records show not
        # reached: an edit of one that changes a result is a dependency npcache missed
        # (a callee declared in a header that counts as a system one). The edit targets
        # above come from npcache's own records, and cannot show what they leave out.
        reached = {self.plain_position(at) for _, at in targets}
        for relative, offset in self.functions:
            at = self.npc_at(relative, offset)
            if self.plain_position(at) not in reached:
                targets.append(("unlisted", at))
        # Constants, found by a scan of the text, not by npcache's records: a value npcache
        # does not read (a class's static constant, until 2026-12-05) is in no record.
        for relative, offset in self.declared_constants():
            targets.append(("declared", self.npc_at(relative, offset)))
        seen, unique = set(), []
        for t in targets:
            if t not in seen:
                seen.add(t)
                unique.append(t)
        return unique

    def project_files(self):
        """The marked files and the project headers they include, transitively (quoted
        includes, and angle ones found in their -I folders inside the project)."""
        seen, todo = set(), sorted(self.listed_files)
        while todo:
            relative = todo.pop()
            if relative in seen:
                continue
            seen.add(relative)
            path = os.path.join(self.plain.src, relative)
            with open(path, errors="replace") as f:
                names = re.findall(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', f.read(), re.M)
            folders = [os.path.dirname(path)] + self.include_dirs.get(relative, [])
            for name in names:
                for folder in folders:
                    target = os.path.normpath(os.path.join(folder, name))
                    inside = os.path.relpath(target, self.plain.src)
                    if not inside.startswith("..") and os.path.isfile(target):
                        self.include_dirs.setdefault(inside, self.include_dirs.get(relative, []))
                        todo.append(inside)
                        break
        return sorted(seen)

    def declared_constants(self):
        """(file, offset of the literal) of each constant a project file declares with a
        numeric literal: `const double k = 2.0;`, `static constexpr int n{3};`, a class's
        `static const int n = 2;`, `#define SCALE 2.5`."""
        out = []
        for relative in self.project_files():
            text = read_bytes(os.path.join(self.plain.src, relative))
            for m in CONSTANT.finditer(text):
                if text.rfind(b"/*", 0, m.start()) > text.rfind(b"*/", 0, m.start()):
                    continue  # in a block comment
                if m.group("type") is None or re.search(rb"\bconst(expr)?\b", m.group("type")):
                    out.append((relative, m.start("literal")))
        return out

    def npc_at(self, relative, offset):
        """file:line:col in the npcache copy of a definition at `offset` of the plain copy
        (after its mark, if it has one)."""
        before = sum(1 for m in self.live_marks(relative) if m["offset"] <= offset)
        npc_offset = offset + before * len(ATTRIBUTE)
        text = read_bytes(os.path.join(self.npc.src, relative))
        line = text.count(b"\n", 0, npc_offset) + 1
        column = npc_offset - (text.rfind(b"\n", 0, npc_offset) + 1) + 1
        return f"{os.path.join(self.npc.src, relative)}:{line}:{column}"

    def plain_start(self, at):
        """(file, offset) in the plain copy of `at`, file:line:col of the npcache copy; the
        offset is None outside the project."""
        path, line, column = at.rsplit(":", 2)
        relative = os.path.relpath(path, self.npc.src)
        if relative.startswith(".."):
            return relative, None
        npc_text = read_bytes(os.path.join(self.npc.src, relative))
        return relative, self.plain_offset(relative, line_offset(npc_text, int(line)) + int(column) - 1)

    def plain_position(self, at):
        """(file, the definition's first literal) in the plain copy, which a name's position
        and a mark's position of one definition share."""
        relative, start = self.plain_start(at)
        if start is None:
            return relative, None
        return relative, literal_in_definition(read_bytes(os.path.join(self.plain.src, relative)), start)

    def plain_offset(self, relative, npc_offset):
        """Where a position of the npcache copy is in the plain one: before it, the marks."""
        plain = npc_offset
        inserted = 0
        for m in sorted(self.live_marks(relative), key=lambda m: m["offset"]):
            if m["offset"] + inserted <= npc_offset:
                plain -= len(ATTRIBUTE)
                inserted += len(ATTRIBUTE)
        return plain

    def live_marks(self, relative):
        return [m for m in self.marks.get(relative, []) if not m.get("removed")]

    def apply_edit(self, kind, at, undo):
        """Changes the first numeric literal of the definition at `at` (file:line:col of the
        npcache copy), or adds a comment line there, in the plain copy, then writes the npcache
        copy from it again; returns False if there was nothing to edit."""
        relative, start = self.plain_start(at)
        if start is None:
            return False
        plain_path = os.path.join(self.plain.src, relative)
        text = read_bytes(plain_path)
        if kind == "comment":
            at_line = text.rfind(b"\n", 0, start) + 1
            edit = (at_line, at_line, b"// npcache harness: a comment\n")
        else:
            found = literal_at(text, start) if kind == "declared" else literal_in_definition(text, start)
            if found is None:
                return False
            a, b = found
            edit = (a, b, b"(" + text[a:b] + b"+1)")
        a, b, replacement = edit
        undo.append((plain_path, text, [dict(m) for m in self.marks.get(relative, [])], relative))
        self.edited.add(relative)
        delta = len(replacement) - (b - a)
        for m in self.marks.get(relative, []):
            if m["offset"] > a:
                m["offset"] += delta
        write_bytes(plain_path, text[:a] + replacement + text[b:])
        self.write_marks()
        return True

    def edits_pass(self, baseline):
        targets = self.edit_targets()
        random.Random(1).shuffle(targets)
        # The kinds in turn, so that one with many targets (the functions of a test
        # framework's macros, unlisted) does not crowd out the others.
        kinds = [[t for t in targets if t[0] == kind]
                 for kind in ("callee", "template", "constant", "declared", "body", "unlisted")]
        order = [t for turn in itertools.zip_longest(*kinds) for t in turn if t is not None]
        comments = [("comment", t[1]) for t in targets if t[0] == "body"][:1]
        done = {"body": 0, "callee": 0, "template": 0, "constant": 0, "declared": 0, "unlisted": 0,
                "comment": 0}
        stale = 0
        skipped = {}

        def skip(reason):
            skipped[reason] = skipped.get(reason, 0) + 1
            if os.environ.get("HARNESS_VERBOSE"):
                print(f"skipped a {kind} edit at {at}: {reason}", file=sys.stderr)
        for kind, at in comments + order:
            if sum(done.values()) >= self.edits + len(comments):
                break
            undo = []
            try:
                if not self.apply_edit(kind, at, undo):
                    skip("nothing to edit")
                    continue
                try:
                    self.plain.build()
                except Failure:
                    skip("the plain build fails")  # not npcache's
                    continue
                self.npc.build()
                expected = self.plain.test()
                if expected != self.plain.test() or expected != self.npc.test(mode="off"):
                    # The edit made the program read garbage (the same twice in one build,
                    # but another in a build laid out otherwise): no result to compare.
                    skip("the plain output is not the same twice")
                    continue
                before = self.npc.counters()
                got = self.npc.test()
                after = self.npc.counters()
                if got != expected:
                    # A stale hit differs from a run on an empty cache, which computes every
                    # call. When that run differs from the plain build too, the edited program
                    # reads memory whose contents the cache's own allocations change (muparser
                    # with a flag constant edited freed a function's address and read its
                    # code as data): no result to blame on an entry.
                    empty = os.path.join(self.work, "empty-cache")
                    shutil.rmtree(empty, ignore_errors=True)
                    computed = self.npc.test(cache=empty)
                    shutil.rmtree(empty, ignore_errors=True)
                    if computed != expected:
                        skip("the output with an empty cache differs from the plain build's")
                        continue
                stale += self.compare(expected, got, f"after a {kind} edit at {at}")
                if kind == "comment":
                    stored = {n: after[n][2] - before.get(n, (0, 0, 0))[2] for n in after}
                    stored = {n: count for n, count in stored.items() if count}
                    if stored:
                        # By function, to tell a digest that a comment changed from a
                        # function whose arguments differ at every run (a timer's, a load
                        # balancer's), which stores as much on a second run.
                        named = ", ".join(f"{n}: {count}" for n, count in sorted(stored.items()))
                        self.report["problems"].append(
                            f"a comment edit at {at} caused {sum(stored.values())} new entries ({named})")
                done[kind] += 1
            finally:
                for path, text, marks, relative in reversed(undo):
                    write_bytes(path, text)
                    self.marks[relative] = marks
                if undo:
                    self.write_marks()
        self.plain.build()
        self.npc.build()
        self.report["edits"] = done
        self.report["edits_skipped"] = skipped
        self.report["stale_hits"] = stale

    # ---- the whole run ----------------------------------------------------------------

    def run(self):
        t0 = time.perf_counter()
        self.plain.prepare()
        self.npc.prepare()
        self.plain.configure()
        self.report["plain_build_s"] = round(self.plain.build(), 1)
        self.mark_all()
        self.npc.configure()
        self.report["npcache_build_s"] = round(self.npc.build(), 1)
        for _ in range(3):
            if not self.unmark_warned():
                break
            self.write_marks()
            self.npc.build()
        self.report["rewritten"] = sum(1 for ms in self.marks.values() for m in ms if not m.get("removed"))
        self.report["compiled"] = self.report["rewritten"]  # the build above succeeded
        baseline = self.run_twice()
        if self.edits:
            self.edits_pass(baseline)
        self.report["seconds"] = round(time.perf_counter() - t0, 1)
        return self.report


def strip_compile_args(args, source):
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD") or a == source or a.endswith("/" + os.path.basename(source)):
            continue
        out.append(a)
    return out


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def line_offset(text, line):
    offset = 0
    for _ in range(line - 1):
        offset = text.index(b"\n", offset) + 1
    return offset


# A declaration of a constant with a numeric literal on one line, outside a comment: a
# const or constexpr variable (at namespace scope, in a class, or a static local), or an
# object-like macro. A parameter's default (`f(const int n = 2)`) has a parenthesis first.
CONSTANT = re.compile(
    rb"^[ \t]*(?:(?P<type>[A-Za-z_][\w:<>,& \t]*?)\b[A-Za-z_]\w*\s*[={]|#[ \t]*define[ \t]+\w+[ \t]+\(?)"
    rb"[ \t]*[-+]?[ \t]*(?P<literal>[0-9])", re.M)
PP_NUMBER = re.compile(rb"[0-9](?:[eEpP][+-]|[0-9a-zA-Z.'])*")


def literal_at(text, start):
    m = PP_NUMBER.match(text, start)
    return (start, m.end()) if m else None


def include_dirs(args, directory):
    """The -I and -iquote folders of a compile command, absolute."""
    out = []
    for i, a in enumerate(args):
        for flag in ("-I", "-iquote"):
            if a == flag and i + 1 < len(args):
                out.append(os.path.join(directory, args[i + 1]))
            elif a.startswith(flag) and len(a) > len(flag):
                out.append(os.path.join(directory, a[len(flag):]))
    return out


def literal_in_definition(text, start):
    """The first numeric literal in the body of the definition that starts at `start` (a
    byte offset), outside comments and strings: (begin, end), or None."""
    brace = text.find(b"{", start)
    if brace < 0:
        return None
    depth, i = 0, brace
    while i < len(text):
        c = text[i:i + 1]
        if text.startswith(b"//", i):
            i = text.find(b"\n", i)
            if i < 0:
                return None
            continue
        if text.startswith(b"/*", i):
            i = text.find(b"*/", i) + 2
            continue
        if c in (b'"', b"'"):
            j = i + 1
            while j < len(text) and text[j:j + 1] != c:
                j += 2 if text[j:j + 1] == b"\\" else 1
            i = j + 1
            continue
        if c == b"{":
            depth += 1
        elif c == b"}":
            depth -= 1
            if depth == 0:
                return None
        elif c.isdigit() and not (text[i - 1:i].isalnum() or text[i - 1:i] in (b"_", b".")):
            # A pp-number: an exponent's sign belongs to it (1.0E-10 is one literal).
            return literal_at(text, i)
        i += 1
    return None


def first_difference(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}: expected {x[:120]!r}, got {y[:120]!r}"
    return f"{len(la)} lines expected, {len(lb)} got"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", required=True)
    parser.add_argument("--prefix", required=True, help="where npcache is installed")
    parser.add_argument("--work", required=True)
    parser.add_argument("--edits", type=int, default=8)
    parser.add_argument("--report")
    args = parser.parse_args()
    harness = Harness(args)
    try:
        report = harness.run()
    except Failure as e:
        harness.report["problems"].append(str(e))
        report = harness.report
    print(json.dumps(report, indent=1))
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f, indent=1)
    bad = report["problems"]
    if bad:
        print(f"{report['project']}: {len(bad)} problem(s)")
        return 1
    print(f"{report['project']}: {report['marked']} of {report['functions']} functions marked, "
          f"{report['warned'] if 'warned' in report else 0} left out for purity warnings, "
          f"{report['called']} called, {report['hit_on_run_2']} all hits on the second run, "
          f"{report['wrong_results']} wrong results, {report.get('stale_hits', 0)} stale hits, "
          f"{len(report['unstable_tests'])} tests uncompared (their plain output differs run to run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
