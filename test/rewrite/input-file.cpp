// npcache::input_file and npcache::input_dir are parameters keyed on a file's content: a
// function taking one is cacheable (--list-cacheable agrees), one returning one is not,
// and reading files in a function that takes one draws no purity warning, since what it
// reads is presumed to be the file in its key. Other impurities still warn.
// RUN: %rewrite %s -o %t.unmarked.cpp --list-cacheable %t.json -- -std=c++17 -I%npcache_include
// RUN: FileCheck %s --input-file %t.json --check-prefix=LIST
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 -I%npcache_include -DMARK 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
// RUN: %check_compile_gcc %t.cpp
// RUN: %check_compile %t.cpp

#include <npcache/input_file.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

#ifdef MARK
#define CACHED [[npcache::cached]]
#else
#define CACHED
#endif

CACHED std::string first_line(npcache::input_file csv) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  return line;
}
// LIST: "cacheable": true,
// LIST-NEXT: "column": {{[0-9]+}},
// LIST-NEXT: "line": {{[0-9]+}},
// LIST-NEXT: "name": "first_line(npcache::input_file)",

CACHED long count_bytes(const npcache::input_dir &dir, const std::string &name) {
  std::ifstream in(dir.str() + "/" + name, std::ios::binary);
  in.seekg(0, std::ios::end);
  return static_cast<long>(in.tellg()) + (std::getenv("SCALE") != nullptr ? 1 : 0);
}
// CHECK: input-file.cpp:[[@LINE-5]]:13: warning: cached function 'count_bytes' can reach
// CHECK: input-file.cpp:[[@LINE-3]]:43: note: getenv is reached here
// LIST: "cacheable": false,
// LIST-NEXT: "column": {{[0-9]+}},
// LIST-NEXT: "line": {{[0-9]+}},
// LIST-NEXT: "name": "count_bytes(const npcache::input_dir &, const std::string &)",
// LIST: "reason": "impure: getenv"

// Without an input_file parameter, the same reading warns and names the fix.
CACHED std::string by_name(const std::string &path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}
// CHECK: input-file.cpp:[[@LINE-6]]:20: warning: cached function 'by_name' can reach
// CHECK-DAG: input-file.cpp:[[@LINE-6]]:17: note: std::basic_ifstream is reached here
// CHECK-DAG: input-file.cpp:[[@LINE-5]]:3: note: std::getline is reached here
// CHECK-DAG: input-file.cpp:[[@LINE-9]]:20: note: to key the cache on what a file contains
// LIST: "cacheable": false,
// LIST-NEXT: "column": {{[0-9]+}},
// LIST-NEXT: "line": {{[0-9]+}},
// LIST-NEXT: "name": "by_name(const std::string &)",
// LIST: "reason": "impure: std::basic_ifstream"

#ifndef MARK
npcache::input_file pick(int i) { return i > 0 ? "a.csv" : "b.csv"; }
#endif
// LIST: "cacheable": false,
// LIST: "name": "pick(int)",
// LIST: "reason": "result type 'npcache::input_file' has no built-in codec"
