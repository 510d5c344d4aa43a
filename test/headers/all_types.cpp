// Instantiates the public headers with every built-in codec, a user codec, and each kind
// of callable; built with -Wall -Wextra -Werror by GCC and Clang in C++17 and C++20.
#include <npcache/npcache.hpp>

namespace user {
struct Mesh {
  std::vector<double> nodes;
};
enum class Method { euler, rk4 };
} // namespace user

template <> struct npcache::codec<user::Mesh> {
  static std::string name() { return "user::Mesh"; }
  static void encode(Sink &out, const user::Mesh &m) { codec<std::vector<double>>::encode(out, m.nodes); }
  static user::Mesh decode(Source &in) { return {codec<std::vector<double>>::decode(in)}; }
};

using Everything =
    std::tuple<bool, char, signed char, unsigned char, short, unsigned short, int, unsigned, long,
               unsigned long, long long, unsigned long long, __int128, unsigned __int128, float,
               double, long double, user::Method, std::string, std::vector<double>, std::vector<bool>,
               std::array<int, 3>, std::pair<int, std::string>, std::optional<float>,
               std::variant<int, std::string>, std::map<std::string, int>, std::set<long>,
               std::unordered_map<int, double>, std::unordered_set<std::string>, user::Mesh,
               std::vector<std::map<int, std::optional<std::array<float, 2>>>>,
               std::complex<double>, std::vector<std::complex<float>>, std::valarray<double>,
               std::deque<int>, std::list<std::string>, std::bitset<10>, std::chrono::seconds>;

static Everything make(const Everything &in, std::string_view, int) { return in; }

static double plain(double x) noexcept { return x; }

int use_all() {
  npcache::Cache cache(".npcache-header-test");
  auto a = cache.wrap("make", make, "v1");
  auto b = cache.wrap("plain", plain);
  auto c = cache.wrap("lambda", [](const std::vector<int> &v) { return v; });
  int state = 0;
  auto d = cache.wrap("mutable", [state](int x) mutable { return state += x; });
  auto e = cache.wrap("function", std::function<float(float)>([](float x) { return x; }));
  npcache::Settings options;
  options.compress = npcache::Compression::zstd;
  auto f = cache.wrap("with_options", plain, options);
#if __cplusplus >= 202002L
  auto g = cache.wrap("span", [](std::span<const double> s) { return s.size(); });
  std::vector<double> data{1, 2};
  (void)g(std::span<const double>(data));
#endif
  (void)a(Everything{}, "x", 1);
  (void)c({1, 2});
  (void)e(1.f);
  (void)f(2.0);
  cache.clear();
  npcache::Stats s = cache.stats();
  return static_cast<int>(b(1.0) + d(1)) + static_cast<int>(s.hits);
}
