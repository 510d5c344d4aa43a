// The build-time JSON file sets defaults, per-function patterns refine them, and the
// attribute's own options win over both.
// RUN: rm -rf %t && split-file %s %t
// RUN: %rewrite %t/sim.cpp -o %t/out.cpp --config %t/npcache.json -- -std=c++17
// RUN: FileCheck %s --input-file %t/out.cpp

// CHECK:      generated_handle(std::string("sim::fast"), {{.*}}, "{\"compress\":\"zstd\",\"key\":\"readable\",\"level\":5}",
// CHECK:      generated_handle(std::string("sim::slow"), {{.*}}, "{\"compress\":\"zstd\",\"key\":\"readable\",\"level\":1}",
// CHECK:      generated_handle(std::string("other"), {{.*}}, "{\"compress\":\"zstd\",\"level\":5}",

//--- npcache.json
{
  "compress": "zstd", "level": 5,
  "functions": { "sim::*": { "key": "readable" }, "sim::slow": { "level": 9 } }
}

//--- sim.cpp
namespace sim {
[[npcache::cached]] double fast(double x) { return x; }
[[npcache::cached(level = 1)]] double slow(double x) { return x; }
}
[[npcache::cached]] double other(double x) { return x; }
