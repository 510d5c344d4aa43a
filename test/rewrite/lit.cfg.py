# lit suite for npcache-rewrite. Configured by CMake through lit.site.cfg.py.
import os
import subprocess
import sys
import lit.formats

config.name = "npcache-rewrite"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = config.npcache_test_exec_root

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])
# The rewriter and the compile that checks its output, with npcache's headers.
config.substitutions.append(("%rewrite", config.npcache_rewrite))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%npcache_include", config.npcache_include))
config.substitutions.append(
    ("%clangxx_syntax", config.clangxx + " -std=c++17 -fsyntax-only -Wall -I" + config.npcache_include))
config.substitutions.append(
    ("%check_compile_gcc", config.gxx + " -std=c++17 -fsyntax-only -Wall -Wextra -Werror"
     " -Wno-attributes=npcache:: -I" + config.npcache_include))
config.substitutions.append(
    ("%check_compile", config.clangxx + " -std=c++17 -fsyntax-only -Wall -Wextra -Werror"
     " -Wno-unknown-attributes"
     " -I" + config.npcache_include))
# GCC's own headers, where <omp.h> is (Clang's resource directory has none without libomp),
# for -idirafter: before Clang's own they replace its intrinsics.
config.substitutions.append(("%gcc_include", subprocess.run(
    [config.gxx, "-print-file-name=include"], capture_output=True, text=True).stdout.strip()))
# Eigen (Debian's libeigen3-dev), for the tests of its codecs.
eigen_include = "/usr/include/eigen3"
if os.path.exists(os.path.join(eigen_include, "Eigen", "Core")):
    config.available_features.add("eigen")
    config.substitutions.append(("%eigen_include", eigen_include))
