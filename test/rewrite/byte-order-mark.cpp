// A UTF-8 byte order mark stays the first bytes of the file, before anything the
// rewrite adds.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: head -c 3 %t.cpp | od -An -tx1 | FileCheck %s --check-prefix=BOM
// RUN: %check_compile %t.cpp
// RUN: %check_compile_gcc %t.cpp
// BOM: ef bb bf

[[npcache::cached]] int f(int x) { return x; }
