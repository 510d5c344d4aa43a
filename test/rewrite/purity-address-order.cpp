// Pointers ordered by their values come out in the order the allocator placed the objects,
// which the heap's history decides: another call site, or a hit of an earlier cached
// function in place of its computation, gives another order, and a sum weighted by
// position another value. Until 2026-12-06 a cached function that iterated a
// std::set<Node *> drew no warning in a rewrite that does not read the system headers'
// bodies (nor one that iterated a std::unordered_set<Node *>, whose buckets' order the
// addresses decide too). Lookups and a comparison or hash of the program's draw none.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <unordered_set>
#include <vector>

struct Node {
  double w;
};
std::vector<std::unique_ptr<Node>> make(int n);

// A sum weighted by each node's position in `Order`, a set of the nodes' addresses.
template <class Order> double weighted_sum(int n) {
  std::vector<std::unique_ptr<Node>> nodes = make(n);
  Order order;
  for (auto &p : nodes)
    order.insert(p.get());
  double s = 0, k = 1;
  for (Node *p : order) {
    s += p->w * k;
    k *= 2;
  }
  return s;
}

[[npcache::cached]] double weighted(int n) { return weighted_sum<std::set<Node *>>(n); }
// CHECK: purity-address-order.cpp:[[@LINE-1]]:28: warning: cached function 'weighted' can reach
// CHECK: purity-address-order.cpp:[[#LOOP:@LINE-9]]:16: note: std::set keyed on pointers, iterated in address order, is reached here

[[npcache::cached]] int first_index(int n) {
  std::vector<Node> v(n);
  std::map<const Node *, int> index;
  for (int i = 0; i < n; ++i)
    index[&v[i]] = i;
  return index.upper_bound(&v[0])->second;
}
// CHECK: purity-address-order.cpp:[[@LINE-7]]:25: warning: cached function 'first_index' can reach
// CHECK: purity-address-order.cpp:[[@LINE-3]]:10: note: std::map keyed on pointers, iterated in address order, is reached here

[[npcache::cached]] double sorted(int n) {
  std::vector<std::unique_ptr<Node>> nodes = make(n);
  std::vector<Node *> raw;
  for (auto &p : nodes)
    raw.push_back(p.get());
  std::sort(raw.begin(), raw.end());
  return raw.front()->w;
}
// CHECK: purity-address-order.cpp:[[@LINE-8]]:28: warning: cached function 'sorted' can reach
// CHECK: purity-address-order.cpp:[[@LINE-4]]:3: note: std::sort of pointers, which orders them by address, is reached here

[[npcache::cached]] double lowest(int n) {
  std::vector<std::unique_ptr<Node>> nodes = make(n);
  Node *a = nodes[0].get(), *b = nodes[1].get();
  return std::less<Node *>()(a, b) ? a->w : b->w;
}
// CHECK: purity-address-order.cpp:[[@LINE-5]]:28: warning: cached function 'lowest' can reach
// CHECK: purity-address-order.cpp:[[@LINE-3]]:29: note: std::less<Node *>, which orders pointers by address, is reached here

[[npcache::cached]] double hashed(int n) { return weighted_sum<std::unordered_set<Node *>>(n); }
// CHECK: purity-address-order.cpp:[[@LINE-1]]:28: warning: cached function 'hashed' can reach
// CHECK: purity-address-order.cpp:[[#LOOP]]:16: note: std::unordered_set keyed on pointers, iterated in an order their addresses decide, is reached here

// None of these reveal an order.
struct ByWeight {
  bool operator()(const Node *a, const Node *b) const { return a->w < b->w; }
};
[[npcache::cached]] double by_weight(int n) {
  std::vector<std::unique_ptr<Node>> nodes = make(n);
  std::set<Node *, ByWeight> order;
  std::vector<Node *> raw;
  for (auto &p : nodes) {
    order.insert(p.get());
    raw.push_back(p.get());
  }
  std::sort(raw.begin(), raw.end(), ByWeight());
  return (*order.begin())->w + raw.front()->w;
}
[[npcache::cached]] int seen(int n) {
  std::vector<Node> v(n);
  std::map<const Node *, int> index;
  std::unordered_set<const Node *> visited;
  for (int i = 0; i < n; ++i) {
    index[&v[i]] = i;
    visited.insert(&v[i]);
  }
  return index.count(&v[0]) + (index.find(&v[1]) != index.end()) + visited.count(&v[2]);
}
struct ByWeightHash {
  std::size_t operator()(const Node *n) const { return std::hash<double>()(n->w); }
};
[[npcache::cached]] double hashed_by_weight(int n) {
  std::vector<std::unique_ptr<Node>> nodes = make(n);
  std::unordered_set<Node *, ByWeightHash> order;
  for (auto &p : nodes)
    order.insert(p.get());
  return (*order.begin())->w;
}
[[npcache::cached]] double by_value(int n) {
  std::set<double> values;
  for (int i = 0; i < n; ++i)
    values.insert(i * 0.5);
  std::vector<double> copy(values.begin(), values.end());
  std::sort(copy.begin(), copy.end());
  return *std::max_element(copy.begin(), copy.end());
}
