#include "templates/templates.hpp"

#include <algorithm>
#include <numeric>
#include <sstream>

namespace gen {

template <class T> T sum(const std::vector<T> &values) { return std::accumulate(values.begin(), values.end(), T{}); }

template <class T> std::vector<T> prefix_sums(const std::vector<T> &values) {
  std::vector<T> out(values.size());
  std::partial_sum(values.begin(), values.end(), out.begin());
  return out;
}

template <class T> std::vector<T> sorted_unique(std::vector<T> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

template <class K, class V> std::map<V, K> invert(const std::map<K, V> &m) {
  std::map<V, K> out;
  for (const auto &[k, v] : m)
    out.emplace(v, k);
  return out;
}

template <class T> std::optional<std::size_t> find_first(const std::vector<T> &values, T wanted) {
  auto it = std::find(values.begin(), values.end(), wanted);
  if (it == values.end())
    return std::nullopt;
  return static_cast<std::size_t>(it - values.begin());
}

template <class T> std::pair<T, T> min_max(const std::vector<T> &values) {
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return {*lo, *hi};
}

template int sum<int>(const std::vector<int> &);
template double sum<double>(const std::vector<double> &);
template std::vector<int> prefix_sums<int>(const std::vector<int> &);
template std::vector<double> prefix_sums<double>(const std::vector<double> &);
template std::vector<int> sorted_unique<int>(std::vector<int>);
template std::vector<std::string> sorted_unique<std::string>(std::vector<std::string>);
template std::map<int, std::string> invert<std::string, int>(const std::map<std::string, int> &);
template std::optional<std::size_t> find_first<int>(const std::vector<int> &, int);
template std::optional<std::size_t> find_first<std::string>(const std::vector<std::string> &, std::string);
template std::pair<double, double> min_max<double>(const std::vector<double> &);
template std::pair<int, int> min_max<int>(const std::vector<int> &);

std::set<int> primes_below(int n) {
  std::vector<bool> composite(n, false);
  std::set<int> out;
  for (int i = 2; i < n; ++i) {
    if (composite[i])
      continue;
    out.insert(i);
    for (long j = long(i) * i; j < n; j += i)
      composite[j] = true;
  }
  return out;
}

std::vector<std::string> split(const std::string &text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator))
    parts.push_back(part);
  return parts;
}

std::string join(const std::vector<std::string> &parts, const std::string &glue) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i)
    out += (i == 0 ? "" : glue) + parts[i];
  return out;
}
} // namespace gen
