# lit suite for the npcache command. Configured by CMake through lit.site.cfg.py.
import os
import lit.formats

config.name = "npcache-command"
config.test_format = lit.formats.ShTest(execute_external=True) # loops, globs and $(...)
config.suffixes = [".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = config.npcache_test_exec_root
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])
config.environment.pop("NPCACHE_DIR", None)
config.substitutions.append(("%npcache", config.npcache))
config.substitutions.append(("%fill", config.npcache_fill))
# Debian's interpreter, which has python3-numpy (the first python3 on PATH may not).
config.substitutions.append(("%numpy_python", "/usr/bin/python3"))
# Eigen (Debian's libeigen3-dev): npcache_fill was built with it.
if os.path.exists("/usr/include/eigen3/Eigen/Core"):
    config.available_features.add("eigen")
