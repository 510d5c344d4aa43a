// Cross-file digests: each file's summary lists what it defines and what it uses from
// elsewhere; combining them gives a cached function a digest over everything it reaches
// in the target, through any number of files, cycles included. Edits it cannot reach
// leave that digest alone.
// RUN: rm -rf %t && split-file %s %t
// RUN: %rewrite %t/a.cpp -o %t/a.out.cpp --summary %t/a.summary --target app -- -std=c++17
// RUN: %rewrite %t/b.cpp -o %t/b.out.cpp --summary %t/b.summary --target app -- -std=c++17
// RUN: %rewrite %t/c.cpp -o %t/c.out.cpp --summary %t/c.summary --target app -- -std=c++17
// RUN: %rewrite --combine -o %t/base.cpp --target app %t/a.summary %t/b.summary %t/c.summary
// RUN: FileCheck %s --input-file %t/a.out.cpp --check-prefix=WRAPPER
// RUN: FileCheck %s --input-file %t/base.cpp --check-prefix=TABLE
// RUN: FileCheck %s --input-file %t/a.summary --check-prefix=SUMMARY
// RUN: %check_compile %t/a.out.cpp

// An unrelated edit in b.cpp: same digests.
// RUN: %rewrite %t/b-unrelated.cpp -o %t/x.cpp --summary %t/b-unrelated.summary --target app -- -std=c++17
// RUN: %rewrite --combine -o %t/unrelated.cpp --target app %t/a.summary %t/b-unrelated.summary %t/c.summary
// RUN: diff %t/base.cpp %t/unrelated.cpp
// An edit to the helper in b.cpp, one file away: another digest.
// RUN: %rewrite %t/b-helper.cpp -o %t/x.cpp --summary %t/b-helper.summary --target app -- -std=c++17
// RUN: %rewrite --combine -o %t/helper.cpp --target app %t/a.summary %t/b-helper.summary %t/c.summary
// RUN: not diff %t/base.cpp %t/helper.cpp
// An edit to a constant in c.cpp, two files away: another digest.
// RUN: %rewrite %t/c-constant.cpp -o %t/x.cpp --summary %t/c-constant.summary --target app -- -std=c++17
// RUN: %rewrite --combine -o %t/constant.cpp --target app %t/a.summary %t/b.summary %t/c-constant.summary
// RUN: not diff %t/base.cpp %t/constant.cpp

// WRAPPER: namespace npcache::generated {
// WRAPPER-NEXT: const ::npcache::detail::LinkedCode *digests_app(const char *usr_hash);
// WRAPPER: ::npcache::detail::code(::npcache::generated::digests_app("{{[0-9a-f]+}}"), ::npcache::Key128{
// TABLE: const ::npcache::detail::LinkedCode *digests_app(const char *usr_hash) {
// TABLE: {"{{[0-9a-f]+}}", {::npcache::Key128{0x{{[0-9a-f]+}}ull, 0x{{[0-9a-f]+}}ull}, "deeper(double)\t{{[0-9a-f]+}}\nhelper(double)\t{{[0-9a-f]+}}\nping(int)\t{{[0-9a-f]+}}\npong(int)\t{{[0-9a-f]+}}\n"}},
// SUMMARY: "cached"
// SUMMARY: "name": "simulate(double)"
// SUMMARY: "uses"
// SUMMARY: "c:@F@helper#d#"

//--- a.cpp
double helper(double x); // b.cpp
[[npcache::cached]] double simulate(double x) { return helper(x) * 2; }

//--- b.cpp
double deeper(double x); // c.cpp
double helper(double x) { return deeper(x) + 1; }
double unrelated(double x) { return x; }
double ping(int n); // c.cpp: a cycle across files
double pong(int n) { return n == 0 ? 0 : ping(n - 1); }

//--- b-unrelated.cpp
double deeper(double x);
double helper(double x) { return deeper(x) + 1; }
double unrelated(double x) { return x * 2; }
double ping(int n);
double pong(int n) { return n == 0 ? 0 : ping(n - 1); }

//--- b-helper.cpp
double deeper(double x);
double helper(double x) { return deeper(x) + 2; }
double unrelated(double x) { return x; }
double ping(int n);
double pong(int n) { return n == 0 ? 0 : ping(n - 1); }

//--- c.cpp
extern const double kScale;
const double kScale = 3.0;
double pong(int n);
double ping(int n) { return n == 0 ? 1 : pong(n - 1); }
double deeper(double x) { return x * kScale + ping(2); }

//--- c-constant.cpp
extern const double kScale;
const double kScale = 4.0;
double pong(int n);
double ping(int n) { return n == 0 ? 1 : pong(n - 1); }
double deeper(double x) { return x * kScale + ping(2); }
