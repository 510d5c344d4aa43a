#include "templates/templates.hpp"

#include <cstdio>

int local_tests();
using namespace gen;

int main() {
  std::vector<int> ints{5, 3, 9, 3, 1, 9, 7};
  std::vector<double> doubles{0.5, 2.25, -1.0, 4.0};
  std::printf("sum %d %.17g\n", sum(ints), sum(doubles));
  for (int v : prefix_sums(ints))
    std::printf("%d ", v);
  std::printf("\n");
  std::printf("prefix %.17g\n", prefix_sums(doubles).back());
  for (int v : sorted_unique(ints))
    std::printf("%d ", v);
  std::printf("\n");
  for (const auto &s : sorted_unique<std::string>({"pear", "apple", "pear", "fig"}))
    std::printf("%s ", s.c_str());
  std::printf("\n");
  for (const auto &[k, v] : invert<std::string, int>({{"one", 1}, {"two", 2}}))
    std::printf("%d=%s ", k, v.c_str());
  std::printf("\n");
  auto where = find_first(ints, 9);
  std::printf("find %d %d\n", where ? int(*where) : -1, find_first(ints, 4).has_value());
  std::printf("find-string %d\n", int(find_first<std::string>({"a", "b"}, "b").value_or(99)));
  auto [lo, hi] = min_max(doubles);
  std::printf("minmax %g %g %d\n", lo, hi, min_max(ints).second);
  std::printf("primes %zu %d\n", primes_below(100).size(), *primes_below(100).rbegin());
  std::printf("join %s\n", join(split("a,b,,c", ','), "+").c_str());

  std::printf("fixed %ld %.17g %ld %.17g\n", to_fixed<8>(1.5), from_fixed<16>(98304), fixed_multiply<8>(384, 512),
              fixed_round_trip<16>(3.14159));
  std::printf("fixed8 %.17g\n", fixed_round_trip<8>(3.14159));
  std::printf("series %.17g %.17g %.17g\n", partial_sum<Kind::harmonic>(100), partial_sum<Kind::geometric>(30),
              partial_sum<Kind::alternating>(1000));
  auto p = powers<3>(2.0);
  std::printf("powers %g %g %g %g\n", p[0], p[1], p[2], powers<5>(0.5)[4]);
  std::printf("count %d %d\n", count_char<'a'>("banana bread"), count_char<'e'>("banana bread"));
  std::printf("report %.17g\n", series_report(50));

  std::vector<std::vector<Cell>> rows{parse_row("1,2.5,x"), parse_row("3,abc,0.25")};
  for (const auto &row : rows)
    std::printf("%s\n", render(row).c_str());
  auto [i, d, s] = totals(rows);
  std::printf("totals %d %.17g %s\n", i, d, s.c_str());
  for (const auto &[word, n] : word_counts("The cat and the hat. The END"))
    std::printf("%s:%d ", word.c_str(), n);
  std::printf("\n");
  return local_tests();
}
