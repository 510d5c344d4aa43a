# lit suite for npcache-cxx, the compiler and linker launcher. Configured by CMake through
# lit.site.cfg.py. Each test builds real objects and programs in %t and runs them.
import os
import shutil
import lit.formats

config.name = "npcache-cxx"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = config.npcache_test_exec_root

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])
for name in ["HOME", "TMPDIR"]:
    if name in os.environ:
        config.environment[name] = os.environ[name]
# Programs read these; the tests set them per command.
for name in ["NPCACHE_DIR", "NPCACHE_LOG", "NPCACHE_BUILD_LOG", "NPCACHE_BUILD_STATE", "NPCACHE_MODE"]:
    config.environment.pop(name, None)
# A CPU whose FMA and AVX2 glibc can be told to ignore (GLIBC_TUNABLES), as if the program
# ran on a machine without them: libm then takes other builds of exp, sin, pow.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        flags = next((line.split() for line in cpuinfo if line.startswith("flags")), [])
    if "fma" in flags and "avx2" in flags:
        config.available_features.add("cpu-fma")
except OSError:
    pass
# Open MPI's compiler wrapper and launcher (libopenmpi-dev, openmpi-bin).
if shutil.which("mpicxx") and shutil.which("mpirun"):
    config.available_features.add("mpi")
# OpenBLAS (libopenblas-dev), and two cores for it to split a ddot over.
if os.path.exists("/usr/include/x86_64-linux-gnu/cblas.h") and (os.cpu_count() or 1) >= 2:
    config.available_features.add("openblas")
# BLIS (libblis-dev), whose header Debian puts under the multiarch include directory.
if os.path.exists("/usr/include/x86_64-linux-gnu/blis.h"):
    config.available_features.add("blis")
# Eigen (libeigen3-dev), header-only.
if os.path.exists("/usr/include/eigen3/Eigen/Dense"):
    config.available_features.add("eigen")
config.substitutions.append(("%npcache_cxx", config.npcache_cxx))
# Where a user's own codec finds <npcache/codec.hpp>: as a CMake imported target gives it.
config.substitutions.append(("%npcache_include", "-isystem " + config.npcache_include))
config.substitutions.append(("%gxx", config.gxx))
config.substitutions.append(("%gcc", config.gxx.replace("g++", "gcc"))) # its C driver
config.substitutions.append(("%clangxx", config.clangxx))
config.substitutions.append(("%npcache", config.npcache)) # after %npcache_cxx
