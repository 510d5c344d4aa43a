// Each option of the attribute becomes a setting of the generated wrapper; `ignore`
// keeps a parameter out of the key but still passes it to the function; `name` replaces
// the qualified name as the function's identity.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: FileCheck %s --input-file %t.cpp
// RUN: %check_compile %t.cpp
// RUN: %check_compile_gcc %t.cpp

[[npcache::cached(enabled = true, write = false, refresh = false, memory = false,
                  compress = "zstd", level = 7, key = "readable", dir = "/tmp/x \"y\"",
                  version = "v2", max_age = "12h", name = "stable::name", ignore = "verbose")]]
double solve(double x, bool verbose) { return verbose ? x : -x; }

// CHECK:      std::string("stable::name"), [] {
// CHECK-NEXT: {{ +}}::npcache::Settings s;
// CHECK-NEXT: {{ +}}s.enabled = true;
// CHECK-NEXT: {{ +}}s.write = false;
// CHECK-NEXT: {{ +}}s.refresh = false;
// CHECK-NEXT: {{ +}}s.memory = false;
// CHECK-NEXT: {{ +}}s.compress = ::npcache::Compression::zstd;
// CHECK-NEXT: {{ +}}s.level = 7;
// CHECK-NEXT: {{ +}}s.key = ::npcache::KeyStyle::readable;
// CHECK-NEXT: {{ +}}s.dir = "/tmp/x \"y\"";
// CHECK-NEXT: {{ +}}s.version = "v2";
// CHECK-NEXT: {{ +}}s.max_age_seconds = 43200;
// CHECK-NEXT: {{ +}}return s;
// CHECK:      cached_call(npcache_handle, npcache_compute, x);
