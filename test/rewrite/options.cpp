// Each option of the attribute becomes a setting of the generated wrapper; `ignore`
// keeps a parameter out of the key but still passes it to the function; `name` replaces
// the qualified name as the function's identity.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: %check_compile %t.cpp
// RUN: %check_compile_gcc %t.cpp

[[npcache::cached(enabled = true, write = false, refresh = false, memory = false, remote = false,
                  compress = "zstd", level = 7, key = "readable", dir = "/tmp/x \"y\"",
                  version = "v2", max_age = "12h", name = "stable::name", ignore = "verbose")]]
double solve(double x, bool verbose) { return verbose ? x : -x; }

// CHECK:      generated_handle(std::string("stable::name"), {&::npcache::detail::signature_text<std::invoke_result_t<decltype(npcache_compute) &>, decltype(x)>, "{\"compress\":\"zstd\",\"dir\":\"/tmp/x \\\"y\\\"\",\"enabled\":true,\"key\":\"readable\",\"level\":7,\"max_age\":\"43200s\",\"memory\":false,\"refresh\":false,\"remote\":false,\"version\":\"v2\",\"write\":false}",
// CHECK:      cached_call(npcache_handle, npcache_compute, x);
