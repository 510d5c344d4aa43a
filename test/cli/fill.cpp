// Fills a cache directory for the command's tests: one function per kind of result the
// command must read back, called through Cache::wrap in a real process. Prints what ran.
//   npcache_fill DIR VERSION           the functions the command's tests read
//   npcache_fill DIR VERSION numeric   the standard numeric types only
//   npcache_fill DIR VERSION eigen     Eigen's types (built with Eigen only)
//   npcache_fill DIR VERSION small     20 small results, kept in the small-entry store
#include <npcache/npcache.hpp>
#ifdef NPCACHE_FILL_EIGEN
#include <npcache/codec/eigen.hpp>
#include <npcache/codec/eigen_sparse.hpp>
#include <npcache/codec/eigen_tensor.hpp>
#endif

#include <cstdio>
#include <map>
#include <string>

namespace {
struct Point {
  double x;
  int id;
};
struct Opaque {
  int value;
};
} // namespace

template <> struct npcache::codec<Opaque> {
  static std::string name() { return "fill::Opaque/1"; }
  static void encode(Sink &out, const Opaque &o) { out.put(o.value); }
  static Opaque decode(Source &in) { return Opaque{in.get<int>()}; }
};

int main(int argc, char **argv) {
  const std::string mode = argc == 4 ? argv[3] : "";
  if (argc != 3 && !(argc == 4 && (mode == "numeric" || mode == "eigen" || mode == "small")))
    return 2;
  npcache::Cache cache(argv[1]);
  const std::string version = argv[2];
  auto wrap = [&](const char *name, auto f) {
    npcache::Settings s;
    s.version = version;
    s.key = npcache::KeyStyle::readable;
    return cache.wrap(name, [name, f](int n) {
      std::printf("computed %s(%d)\n", name, n);
      return f(n);
    }, s);
  };
  if (argc == 4 && std::string(argv[3]) == "eigen") {
#ifdef NPCACHE_FILL_EIGEN
    // Element (i, j) is 10 i + j, so that a reader can tell rows from columns.
    auto ramp = [](auto m) {
      for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j)
          m(i, j) = static_cast<typename decltype(m)::Scalar>(10 * i + j);
      return m;
    };
    wrap("fill::colmajor", [&](int n) { return ramp(Eigen::MatrixXd(n, n + 1)); })(2);
    wrap("fill::rowmajor", [&](int n) {
      return ramp(Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>(n, n + 1));
    })(2);
    wrap("fill::wide", [&](int n) { return ramp(Eigen::ArrayXXi(n, 12 * n)); })(1);
    wrap("fill::tensor", [](int n) {
      Eigen::Tensor<double, 3> t(n, n + 1, n + 2);
      for (Eigen::Index i = 0; i < t.dimension(0); ++i)
        for (Eigen::Index j = 0; j < t.dimension(1); ++j)
          for (Eigen::Index k = 0; k < t.dimension(2); ++k)
            t(i, j, k) = static_cast<double>(100 * i + 10 * j + k);
      return t;
    })(2);
    wrap("fill::sparse", [](int n) {
      Eigen::SparseMatrix<double> s(n, n);
      s.insert(0, 1) = 2.5;
      s.insert(n - 1, 0) = -1;
      s.makeCompressed();
      return s;
    })(3);
    wrap("fill::cmatrix", [](int n) {
      return Eigen::MatrixXcd::Constant(n, n, std::complex<double>(1, -2)).eval();
    })(2);
    return 0;
#else
    return 2;
#endif
  }
  if (mode == "small") {
    npcache::Settings s;
    s.version = version;
    auto small = cache.wrap("fill::small", [](int n) {
      std::printf("computed fill::small(%d)\n", n);
      return std::pair<int, double>{n, n * 0.25};
    }, s);
    for (int n = 0; n < 20; ++n)
      small(n);
    return 0;
  }
  if (argc == 4) {
    wrap("fill::spectrum", [](int n) {
      std::vector<std::complex<double>> z;
      for (int k = 0; k < n; ++k)
        z.emplace_back(k, 1 - 0.5 * k);
      return z;
    })(3);
    wrap("fill::timeout", [](int n) { return std::chrono::milliseconds(n * 250); })(4);
    return 0;
  }
  auto ramp = wrap("fill::ramp", [](int n) {
    std::vector<double> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
      v[static_cast<std::size_t>(i)] = i * 0.5;
    return v;
  });
  auto grid = wrap("fill::grid", [](int n) {
    std::vector<std::vector<float>> g(2, std::vector<float>(static_cast<std::size_t>(n)));
    for (int i = 0; i < n; ++i)
      g[1][static_cast<std::size_t>(i)] = static_cast<float>(i);
    return g;
  });
  auto ragged = wrap("fill::ragged", [](int n) {
    return std::vector<std::vector<int>>{std::vector<int>(static_cast<std::size_t>(n)), {1}};
  });
  auto names = wrap("fill::names", [](int n) {
    return std::map<std::string, std::int32_t>{{"a\"b", n}, {"c", -n}};
  });
  auto point = wrap("fill::point", [](int n) { return Point{n * 1.5, n}; });
  auto flags = wrap("fill::flags", [](int n) { return std::vector<bool>{n > 0, false, true}; });
  auto opaque = wrap("fill::opaque", [](int n) { return Opaque{n}; });
  for (int n : {3, 4}) {
    ramp(n);
    grid(n);
    ragged(n);
    names(n);
    point(n);
    flags(n);
    opaque(n);
  }
  ramp(2000);
  return 0;
}
