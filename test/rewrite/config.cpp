// The build-time JSON file sets defaults, per-function patterns refine them, and the
// attribute's own options win over both.
// RUN: rm -rf %t && split-file %s %t
// RUN: %rewrite %t/sim.cpp -o %t/out.cpp --config %t/npcache.json -- -std=c++17
// RUN: FileCheck %s --input-file %t/out.cpp

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

// CHECK:      std::string("sim::fast"), [] {
// CHECK-NEXT: {{ +}}::npcache::Settings s;
// CHECK-NEXT: {{ +}}s.compress = ::npcache::Compression::zstd;
// CHECK-NEXT: {{ +}}s.level = 5;
// CHECK-NEXT: {{ +}}s.key = ::npcache::KeyStyle::readable;
// CHECK:      std::string("sim::slow"), [] {
// CHECK-NEXT: {{ +}}::npcache::Settings s;
// CHECK-NEXT: {{ +}}s.compress = ::npcache::Compression::zstd;
// CHECK-NEXT: {{ +}}s.level = 1;
// CHECK-NEXT: {{ +}}s.key = ::npcache::KeyStyle::readable;
// CHECK:      std::string("other"), [] {
// CHECK-NEXT: {{ +}}::npcache::Settings s;
// CHECK-NEXT: {{ +}}s.compress = ::npcache::Compression::zstd;
// CHECK-NEXT: {{ +}}s.level = 5;
// CHECK-NEXT: {{ +}}return s;
