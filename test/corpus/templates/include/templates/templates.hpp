#pragma once
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

namespace gen {

// algorithms.cpp: declared here, defined and instantiated there.
template <class T> T sum(const std::vector<T> &values);
template <class T> std::vector<T> prefix_sums(const std::vector<T> &values);
template <class T> std::vector<T> sorted_unique(std::vector<T> values);
template <class K, class V> std::map<V, K> invert(const std::map<K, V> &m);
template <class T> std::optional<std::size_t> find_first(const std::vector<T> &values, T wanted);
template <class T> std::pair<T, T> min_max(const std::vector<T> &values);
std::set<int> primes_below(int n);
std::vector<std::string> split(const std::string &text, char separator);
std::string join(const std::vector<std::string> &parts, const std::string &glue);

// fixed.cpp: fixed-point numbers with the fraction bits as a template argument.
template <int Bits> long to_fixed(double value);
template <int Bits> double from_fixed(long value);
template <int Bits> long fixed_multiply(long a, long b);
template <int Bits> double fixed_round_trip(double value);

// series.cpp
enum class Kind { harmonic = 1, geometric = 2, alternating = 3 };
template <Kind K> double partial_sum(int terms);
template <int N> std::array<double, N> powers(double x);
template <char C> int count_char(const std::string &text);
double series_report(int terms);

// tables.cpp
using Cell = std::variant<int, double, std::string>;
std::vector<Cell> parse_row(const std::string &line);
std::string render(const std::vector<Cell> &row);
std::tuple<int, double, std::string> totals(const std::vector<std::vector<Cell>> &rows);
std::map<std::string, int> word_counts(const std::string &text);

} // namespace gen
