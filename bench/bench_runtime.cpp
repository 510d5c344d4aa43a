// Runtime benchmarks, each next to the machine's own limit measured in the same run.
//
//   small hit            a cached call with small arguments and a small result
//   argument hashing     a 256 MiB std::vector<double> argument, vs raw XXH3-128; the
//                        same for an Eigen::MatrixXd and a strided Eigen::Ref to it
//   large hit            returning a cached 256 MiB std::vector<double>, vs pread into
//                        fresh memory (the floor), vs the two-pass decoder it replaced,
//                        vs memcpy and vs copying a std::vector of that size
//   input_file           the key of a 1 GiB npcache::input_file: cold (read and hash,
//                        from the page cache), from the on-disk table (a new process),
//                        and from the process's memo
//
// After the usual table it prints the ratios against the goals.
#include <npcache/input_file.hpp>
#include <npcache/npcache.hpp>
#ifdef NPCACHE_BENCH_EIGEN
#include <npcache/codec/eigen.hpp>
#endif

#include "counters.hpp"      // evictions, for the store at its budget
#include "maintenance.hpp"   // the eviction pass
#include "storage/small.hpp" // its budget

#include <benchmark/benchmark.h>
#include <xxhash.h>
#include <xxh_x86dispatch.h> // the vector code the CPU has, as the runtime uses

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>
#include <map>
#include <mutex>
#include <numeric>
#include <unordered_map>
#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr std::size_t kLarge = 256u << 20; // bytes
constexpr std::size_t kLargeDoubles = kLarge / sizeof(double);

std::string bench_dir() {
  static std::string dir = [] {
    char pattern[] = "/tmp/npcache-bench-XXXXXX";
    return std::string(::mkdtemp(pattern));
  }();
  return dir;
}

const std::vector<double> &large_vector() {
  static std::vector<double> v = [] {
    std::vector<double> out(kLargeDoubles);
    std::iota(out.begin(), out.end(), 0.0);
    return out;
  }();
  return v;
}

void BM_Memcpy(benchmark::State &state) {
  const std::vector<double> &src = large_vector();
  std::vector<double> dst(kLargeDoubles, 1.0); // faulted in
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), kLarge);
    benchmark::DoNotOptimize(dst.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kLarge));
}

void BM_VectorCopy(benchmark::State &state) {
  const std::vector<double> &src = large_vector();
  for (auto _ : state) {
    std::vector<double> copy = src; // allocation, page faults and copy, as a return does
    benchmark::DoNotOptimize(copy.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kLarge));
}

// What any API that returns a fresh 256 MiB std::vector<double> pays before writing a
// byte of the value: allocation and first touch, with the same huge-page advice the
// decoder uses.
void BM_FreshVector(benchmark::State &state) {
  for (auto _ : state) {
    std::vector<double> v;
    v.reserve(kLargeDoubles);
    npcache::detail::advise_huge_pages(v.data(), kLarge);
    v.resize(kLargeDoubles);
    benchmark::DoNotOptimize(v.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kLarge));
}

void BM_RawXXH3(benchmark::State &state) {
  const std::vector<double> &src = large_vector();
  for (auto _ : state)
    benchmark::DoNotOptimize(XXH3_128bits(src.data(), kLarge));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kLarge));
}

void BM_HashArgument(benchmark::State &state) {
  const std::vector<double> &src = large_vector();
  for (auto _ : state) {
    npcache::HashSink sink;
    npcache::codec<std::vector<double>>::encode(sink, src);
    benchmark::DoNotOptimize(sink.finish());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kLarge));
}

#ifdef NPCACHE_BENCH_EIGEN
// 256 MiB as an 8192 x 4096 matrix, contiguous: one block, as a vector is.
const Eigen::MatrixXd &large_matrix() {
  static const Eigen::MatrixXd m = Eigen::Map<const Eigen::MatrixXd>(large_vector().data(), 8192, 4096);
  return m;
}

template <class T> void hash_eigen(benchmark::State &state, const T &value) {
  for (auto _ : state) {
    npcache::HashSink sink;
    npcache::codec<T>::encode(sink, value);
    benchmark::DoNotOptimize(sink.finish());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kLarge));
}

void BM_HashEigenMatrix(benchmark::State &state) { hash_eigen(state, large_matrix()); }

// A Ref to every other row: not one block, so it is hashed one column at a time.
void BM_HashEigenStridedRef(benchmark::State &state) {
  static const Eigen::MatrixXd twice = Eigen::MatrixXd::Zero(16384, 4096);
  const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, 2>> view(
      Eigen::Map<const Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, 2>>(twice.data(), 8192, 4096,
                                                                            Eigen::Stride<Eigen::Dynamic, 2>(16384, 2)));
  hash_eigen(state, view);
}
#endif

// Open, one read and close of a small file, named by its path (dir_fd == AT_FDCWD) or
// relative to its directory held open, as a hit names its entry.
void open_read_close(benchmark::State &state, bool from_held_dir) {
  std::string file = bench_dir() + "/floor.bin";
  std::FILE *out = std::fopen(file.c_str(), "wb");
  char bytes[200] = {};
  std::fwrite(bytes, 1, sizeof bytes, out);
  std::fclose(out);
  int dir_fd = from_held_dir ? ::open(bench_dir().c_str(), O_PATH | O_DIRECTORY) : AT_FDCWD;
  const char *name = from_held_dir ? "floor.bin" : file.c_str();
  char buffer[16384];
  for (auto _ : state) {
    int fd = ::openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
    benchmark::DoNotOptimize(::pread(fd, buffer, sizeof buffer, 0));
    ::close(fd);
  }
  if (from_held_dir)
    ::close(dir_fd);
  std::remove(file.c_str());
}
void BM_OpenReadClose(benchmark::State &state) { open_read_close(state, false); }
// The least any disk hit costs.
void BM_OpenatReadClose(benchmark::State &state) { open_read_close(state, true); }

// The least a store costs: the file system operations of a miss, without npcache's
// work: create and lock a lock file, write a temporary, rename it, unlink and unlock.
// A store's floor: lock a byte of one file, write a new file, rename it, unlock; by path,
// where npcache works relative to the directory it holds open.
void BM_LockWriteRename(benchmark::State &state) {
  const std::string dir = bench_dir() + "/floor-store";
  ::mkdir(dir.c_str(), 0755);
  const std::string locks = dir + "/.locks";
  char bytes[300] = {};
  long k = 0;
  for (auto _ : state) {
    const std::string n = std::to_string(++k), temp = dir + "/t" + n;
    int lock_fd = ::open(locks.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    struct flock byte {};
    byte.l_type = F_WRLCK;
    byte.l_start = k;
    byte.l_len = 1;
    ::fcntl(lock_fd, F_OFD_SETLK, &byte);
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    benchmark::DoNotOptimize(::write(fd, bytes, sizeof bytes));
    ::close(fd);
    ::rename(temp.c_str(), (dir + "/e" + n).c_str());
    ::close(lock_fd);
  }
  std::filesystem::remove_all(dir);
}

double small_function(int n, double x) { return n * x; }

void BM_SmallHit(benchmark::State &state) {
  npcache::Cache cache(bench_dir());
  auto f = cache.wrap("bench::small", small_function);
  f(7, 42.0); // store
  const auto misses = cache.stats().misses;
  for (auto _ : state)
    benchmark::DoNotOptimize(f(7, 42.0));
  if (cache.stats().misses != misses)
    state.SkipWithError("the benchmark loop missed");
}

// The memory tier: the same call answered from this process's memory, next to the floor of
// any in-process memo (a std::unordered_map lookup under a mutex, and a copy).
void BM_SmallMemoryHit(benchmark::State &state) {
  npcache::Cache cache(bench_dir());
  npcache::Settings memory;
  memory.memory = true;
  auto f = cache.wrap("bench::small_memory", small_function, memory);
  f(7, 42.0); // store
  const auto memory_hits = cache.stats().memory_hits;
  for (auto _ : state)
    benchmark::DoNotOptimize(f(7, 42.0));
  if (cache.stats().memory_hits - memory_hits != state.iterations())
    state.SkipWithError("the benchmark loop was not answered from memory");
}

void BM_UnorderedMapMemo(benchmark::State &state) {
  std::mutex mutex;
  std::unordered_map<std::uint64_t, double> memo;
  auto f = [&](int n, double x) {
    std::uint64_t key;
    std::memcpy(&key, &x, sizeof key);
    key ^= static_cast<std::uint64_t>(n) * 0x9e3779b97f4a7c15ull;
    std::lock_guard<std::mutex> lock(mutex);
    auto [it, inserted] = memo.try_emplace(key, 0.0);
    if (inserted)
      it->second = small_function(n, x);
    return it->second;
  };
  for (auto _ : state)
    benchmark::DoNotOptimize(f(7, 42.0));
}

// A hit on a key this process has not hit before also marks the entry used (one
// utimensat), so that eviction knows what is least recently used.
void BM_SmallHitFirstInProcess(benchmark::State &state) {
  constexpr int kKeys = 4096;
  {
    auto f = npcache::Cache(bench_dir()).wrap("bench::first", small_function);
    for (int k = 0; k < kKeys; ++k)
      f(k, 1.0);
  }
  int k = kKeys;
  auto f = npcache::Cache(bench_dir()).wrap("bench::first", small_function);
  for (auto _ : state) {
    if (k == kKeys) { // a new wrapper forgets which keys it marked
      state.PauseTiming();
      f = npcache::Cache(bench_dir()).wrap("bench::first", small_function);
      k = 0;
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(f(k++, 1.0));
  }
}

// A miss that stores: hashing, the absent lookup, the compute-once lock, and the small
// store's transaction (state.range(0) = 0); or the file's write and rename, with its index
// record (1) or without an index (2: small_store false).
void BM_SmallMissAndStore(benchmark::State &state) {
  npcache::Cache cache(bench_dir());
  npcache::Settings s;
  if (state.range(0) != 0)
    s.small_store_bytes = state.range(0) == 1 ? 1 : 0;
  auto f = cache.wrap("bench::miss", small_function, s);
  int k = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(f(++k, 2.0));
  cache.clear();
}

// A miss that stores into a small-entry store held at its budget (state.range(0) MiB):
// each time it is crowded it sweeps out its least recently used quarter, a step with each
// store. Reported: the mean (that work spread over the stores), the longest store (a
// step's share of it), and the entries removed per store.
void BM_SmallMissAndStoreAtBudget(benchmark::State &state) {
  const std::size_t budget = static_cast<std::size_t>(state.range(0)) << 20;
  npcache::detail::SmallStore::set_budget_bytes(budget);
  const std::string dir = bench_dir() + "/budget";
  auto f = npcache::Cache(dir).wrap("bench::budget", small_function);
  int k = 0;
  for (const int filled = static_cast<int>(budget / 100); k < filled; ++k) // past the budget, untimed
    f(k, 2.0);
  auto evictions = [&] {
    std::string why;
    auto block = npcache::detail::Mapped<npcache::detail::RootBlock>::open(
        npcache::detail::SafeDir::open_root(dir, {}, false, why), npcache::detail::kRootFileName, false);
    return block ? npcache::detail::atomic_load(block.get()->evictions) : 0;
  };
  const std::uint64_t evicted_before = evictions();
  double longest = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(f(++k, 2.0));
    longest = std::max(longest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  state.counters["longest_ms"] = longest * 1e3;
  state.counters["evicted_per_store"] =
      static_cast<double>(evictions() - evicted_before) / static_cast<double>(state.iterations());
  npcache::Cache(dir).clear(npcache::remove_dir);
  npcache::detail::SmallStore::set_budget_bytes(std::size_t(1) << 30);
}

constexpr int kEvictionEntries = 10000;

// A cache directory `dir` of kEvictionEntries small entries: state.range(0) = 1 puts them
// in the small-entry store; 0 makes them files, as larger results are, which the store's
// index names; 2 makes them files with no store, so no index (small_store false).
void fill_for_eviction(const benchmark::State &state, const std::string &dir) {
  npcache::Settings s;
  if (state.range(0) != 1)
    s.small_store_bytes = state.range(0) == 0 ? 1 : 0; // 1 byte: every entry a file
  auto f = npcache::Cache(dir).wrap("bench::scan", small_function, s);
  for (int k = 0; k < kEvictionEntries; ++k)
    f(k, 3.0);
}

// What one eviction pass costs the store that triggers it: listing the directory and
// checking every entry's header, here for 10,000 entries, in the small-entry store
// (state.range(0) = 1) or as files (0, 2: fill_for_eviction).
void BM_EvictionScan(benchmark::State &state) {
  constexpr int kEntries = kEvictionEntries;
  const std::string dir = bench_dir() + "/scan";
  fill_for_eviction(state, dir);
  std::size_t held = 0; // what the inventory keeps on the heap: `npcache stats` holds one
  for (auto _ : state) {
    std::string why;
    const struct mallinfo2 before = mallinfo2();
    npcache::detail::Inventory inv =
        npcache::detail::take_inventory(npcache::detail::SafeDir::open_root(dir, {}, false, why), true);
    const struct mallinfo2 after = mallinfo2();
    held = (after.uordblks + after.hblkhd) - (before.uordblks + before.hblkhd);
    if (inv.entries.size() != kEntries)
      state.SkipWithError("entries missing");
  }
  state.counters["entries"] = kEntries;
  state.counters["heap_bytes_per_entry"] = static_cast<double>(held) / kEntries;
  { // What `npcache stats` holds: it counts small entries as it reads them.
    std::string why;
    const struct mallinfo2 before = mallinfo2();
    npcache::detail::Inventory inv =
        npcache::detail::take_inventory(npcache::detail::SafeDir::open_root(dir, {}, false, why), true, {}, false, true);
    const struct mallinfo2 after = mallinfo2();
    state.counters["stats_heap_bytes_per_entry"] =
        static_cast<double>((after.uordblks + after.hblkhd) - (before.uordblks + before.hblkhd)) / kEntries;
  }
  npcache::Cache(dir).clear(npcache::remove_dir);
}

// A whole eviction pass that removes nothing (the bound is never reached), over the same
// 10,000 entries: the inventory, the leftovers of crashed writers, the ordering.
void BM_EvictionPass(benchmark::State &state) {
  constexpr int kEntries = kEvictionEntries;
  const std::string dir = bench_dir() + "/pass";
  fill_for_eviction(state, dir);
  npcache::detail::PruneRule rule;
  rule.max_size_bytes = std::numeric_limits<std::uint64_t>::max();
  for (auto _ : state) {
    std::string why;
    npcache::detail::PruneResult r =
        npcache::detail::prune(npcache::detail::SafeDir::open_root(dir, {}, false, why), rule);
    if (r.kept != kEntries || r.removed != 0)
      state.SkipWithError("the pass removed entries or missed some");
  }
  state.counters["entries"] = kEntries;
  npcache::Cache(dir).clear(npcache::remove_dir);
}

void BM_SmallHitVector(benchmark::State &state) {
  npcache::Cache cache(bench_dir());
  auto f = cache.wrap("bench::small_vector", [](const std::vector<double> &x, int k) {
    std::vector<double> out(x);
    for (double &v : out)
      v *= k;
    return out;
  });
  std::vector<double> x(16, 1.5);
  f(x, 3);
  const auto misses = cache.stats().misses;
  for (auto _ : state)
    benchmark::DoNotOptimize(f(x, 3));
  if (cache.stats().misses != misses)
    state.SkipWithError("the benchmark loop missed");
}

template <class R> void large_hit(benchmark::State &state, const char *name) {
  npcache::Cache cache(bench_dir());
  auto f = cache.wrap(name, [](int) { return R{large_vector()}; });
  f(1); // store
  const auto misses = cache.stats().misses;
  for (auto _ : state) {
    R r = f(1);
    benchmark::DoNotOptimize(&r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kLarge));
  if (cache.stats().misses != misses)
    state.SkipWithError("the benchmark loop missed");
}

void BM_LargeHit(benchmark::State &state) { large_hit<std::vector<double>>(state, "bench::large"); }

} // namespace

// The decoder std::vector had before it read in one pass: resize() (zeros over the whole
// result), then read into it. Kept to show what the one pass buys, in the same run.
struct TwoPassVector {
  std::vector<double> v;
};
template <> struct npcache::codec<TwoPassVector> {
  static std::string name() { return "two_pass"; }
  static void encode(Sink &out, const TwoPassVector &x) { codec<std::vector<double>>::encode(out, x.v); }
  static TwoPassVector decode(Source &in) {
    TwoPassVector x;
    std::size_t n = detail::get_size(in, sizeof(double));
    x.v.reserve(n);
    detail::advise_huge_pages(x.v.data(), n * sizeof(double));
    x.v.resize(n);
    detail::get_bulk(in, x.v.data(), n);
    return x;
  }
};

namespace {

void BM_LargeHitTwoPass(benchmark::State &state) { large_hit<TwoPassVector>(state, "bench::two_pass"); }

// The floor for a large hit: reading the same bytes from the page cache into memory just
// allocated (not zeroed), with the decoder's huge-page advice. Nothing is checked.
void BM_PreadFresh(benchmark::State &state) {
  const std::string path = bench_dir() + "/floor.bin";
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char *>(large_vector().data()), kLarge);
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  for (auto _ : state) {
    std::unique_ptr<double[]> fresh(new double[kLargeDoubles]);
    npcache::detail::advise_huge_pages(fresh.get(), kLarge);
    for (std::size_t done = 0; done < kLarge;) {
      ssize_t n = ::pread(fd, reinterpret_cast<char *>(fresh.get()) + done, kLarge - done, static_cast<off_t>(done));
      if (n <= 0) {
        state.SkipWithError("pread failed");
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    benchmark::DoNotOptimize(fresh.get());
  }
  ::close(fd);
  std::filesystem::remove(path);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kLarge));
}

constexpr std::size_t kInput = std::size_t(1) << 30; // bytes

// A 1 GiB file that has stood still long enough for its digest to be remembered.
const std::string &input_path() {
  static std::string path = [] {
    std::string p = bench_dir() + "/input.bin";
    std::ofstream out(p, std::ios::binary);
    const std::vector<double> &block = large_vector();
    for (std::size_t written = 0; written < kInput; written += kLarge)
      out.write(reinterpret_cast<const char *>(block.data()), kLarge);
    out.close();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100)); // settled: input_file.hpp
    return p;
  }();
  return path;
}

// The key of one input_file argument: what a cached call pays for it.
npcache::Key128 input_key(const npcache::input_file &file) {
  npcache::HashSink sink;
  npcache::codec<npcache::input_file>::encode(sink, file);
  return sink.finish();
}

// Returns how many times the loop read the file.
std::uint64_t input_file_key(benchmark::State &state, bool memo, bool table) {
  const npcache::input_file file(input_path());
  input_key(file); // remembered, if it may be
  const std::string records = bench_dir() + "/.inputs";
  const auto hashed = npcache::detail::input_files_hashed();
  for (auto _ : state) {
    state.PauseTiming();
    if (!memo)
      npcache::detail::forget_input_digests();
    if (!table)
      for (const auto &record : std::filesystem::directory_iterator(records))
        std::filesystem::remove(record.path());
    state.ResumeTiming();
    benchmark::DoNotOptimize(input_key(file));
  }
  return npcache::detail::input_files_hashed() - hashed;
}

void BM_InputFileCold(benchmark::State &state) {
  if (input_file_key(state, false, false) != state.iterations())
    state.SkipWithError("a cold call did not read the file");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kInput));
}

void BM_InputFileTable(benchmark::State &state) {
  if (input_file_key(state, false, true) != 0)
    state.SkipWithError("the table did not spare reading the file");
}

void BM_InputFileMemo(benchmark::State &state) {
  if (input_file_key(state, true, true) != 0)
    state.SkipWithError("the memo did not spare reading the file");
}

// Fresh memory costs this VM anywhere from 40 ms to 3 s per 256 MiB, so what allocates
// it runs one at a time, seven times, and the summary takes the fastest.
#define NPCACHE_FRESH_MEMORY(name) BENCHMARK(name)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(7)
BENCHMARK(BM_OpenReadClose);
BENCHMARK(BM_OpenatReadClose);
BENCHMARK(BM_SmallHit);
BENCHMARK(BM_SmallHitFirstInProcess);
BENCHMARK(BM_SmallMemoryHit);
BENCHMARK(BM_UnorderedMapMemo);
BENCHMARK(BM_LockWriteRename);
BENCHMARK(BM_SmallMissAndStore)->Arg(0)->Arg(1)->Arg(2);
BENCHMARK(BM_SmallMissAndStoreAtBudget)->Arg(64)->Iterations(400000);
BENCHMARK(BM_EvictionScan)->Unit(benchmark::kMillisecond)->Arg(0)->Arg(1)->Arg(2);
BENCHMARK(BM_EvictionPass)->Unit(benchmark::kMillisecond)->Arg(0)->Arg(1)->Arg(2);
BENCHMARK(BM_SmallHitVector);
BENCHMARK(BM_Memcpy)->Unit(benchmark::kMillisecond)->MinTime(1.0);
NPCACHE_FRESH_MEMORY(BM_VectorCopy);
NPCACHE_FRESH_MEMORY(BM_FreshVector);
BENCHMARK(BM_RawXXH3)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_HashArgument)->Unit(benchmark::kMillisecond)->MinTime(1.0);
#ifdef NPCACHE_BENCH_EIGEN
BENCHMARK(BM_HashEigenMatrix)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_HashEigenStridedRef)->Unit(benchmark::kMillisecond)->MinTime(1.0);
#endif
NPCACHE_FRESH_MEMORY(BM_PreadFresh);
NPCACHE_FRESH_MEMORY(BM_LargeHit);
NPCACHE_FRESH_MEMORY(BM_LargeHitTwoPass);
BENCHMARK(BM_InputFileCold)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_InputFileTable);
BENCHMARK(BM_InputFileMemo);

// Keeps each benchmark's time per iteration for the summary.
class SummaryReporter : public benchmark::ConsoleReporter {
public:
  SummaryReporter() : ConsoleReporter(OO_Tabular) {}
  void ReportRuns(const std::vector<Run> &runs) override {
    for (const Run &run : runs)
      if (run.run_type == Run::RT_Iteration && !run.error_occurred) {
        // Of repeated runs, the fastest: what the code costs, without the VM's stalls.
        double seconds = run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
        // Under its own name, and under its family's with the fastest of its arguments.
        for (const std::string &name : {run.benchmark_name(), run.benchmark_name().substr(0, run.benchmark_name().find('/'))}) {
          auto [it, fresh] = seconds_.emplace(name, seconds);
          if (!fresh)
            it->second = std::min(it->second, seconds);
        }
      }
    ConsoleReporter::ReportRuns(runs);
  }

  void summary() const {
    auto t = [this](const char *name) {
      auto it = seconds_.find(name);
      return it == seconds_.end() ? 0.0 : it->second;
    };
    auto gbps = [](double seconds) { return seconds > 0 ? kLarge / seconds / 1e9 : 0.0; };
    std::printf("\nSummary (goal in brackets)\n");
    std::printf("  open + pread + close, small file    %7.2f us   (by path)\n",
                t("BM_OpenReadClose") * 1e6);
    std::printf("  the same, openat in a held dir      %7.2f us   (this machine's floor for a disk hit)\n",
                t("BM_OpenatReadClose") * 1e6);
    std::printf("  small hit (int, double) -> double   %7.2f us   [< 5 us]; floor + %.2f us\n",
                t("BM_SmallHit") * 1e6, (t("BM_SmallHit") - t("BM_OpenatReadClose")) * 1e6);
    std::printf("  small hit, memory tier              %7.2f ns   [<= 50 ns]; %.1f x an unordered_map memo (%.1f ns)\n",
                t("BM_SmallMemoryHit") * 1e9, t("BM_SmallMemoryHit") / t("BM_UnorderedMapMemo"),
                t("BM_UnorderedMapMemo") * 1e9);
    std::printf("  small hit, first in this process    %7.2f us   (marks the entry used for LRU)\n",
                t("BM_SmallHitFirstInProcess") * 1e6);
    std::printf("  lock a byte, write, rename          %7.2f us   (this machine's floor for a store)\n",
                t("BM_LockWriteRename") * 1e6);
    std::printf("  small miss and store                %7.2f us   (floor + %.2f us)\n",
                t("BM_SmallMissAndStore/0") * 1e6,
                (t("BM_SmallMissAndStore/0") - t("BM_LockWriteRename")) * 1e6);
    std::printf("  the same as a file, indexed         %7.2f us   (%.2f us without the index: small_store false)\n",
                t("BM_SmallMissAndStore/1") * 1e6, t("BM_SmallMissAndStore/2") * 1e6);
    std::printf("  small hit (vector<double>[16], int) %7.2f us\n", t("BM_SmallHitVector") * 1e6);
    std::printf("  inventory with headers, 10,000      %7.2f ms = %.2f us per entry (%.1f x open by path; npcache stats)\n",
                t("BM_EvictionScan/1") * 1e3, t("BM_EvictionScan/1") * 1e2,
                t("BM_EvictionScan/1") * 1e2 / (t("BM_OpenReadClose") * 1e6));
    std::printf("  eviction pass, small-entry store    %7.2f ms   [<= 10 ms per 10,000 entries]\n",
                t("BM_EvictionPass/1") * 1e3);
    std::printf("  eviction pass, entry files, indexed %7.2f ms   [<= 10 ms]; %.2f ms without the index (small_store false)\n",
                t("BM_EvictionPass/0") * 1e3, t("BM_EvictionPass/2") * 1e3);
    std::printf("  memcpy 256 MiB                      %7.2f GB/s\n", gbps(t("BM_Memcpy")));
    std::printf("  vector copy 256 MiB (with alloc)    %7.2f GB/s\n", gbps(t("BM_VectorCopy")));
    std::printf("  raw XXH3-128 256 MiB                %7.2f GB/s\n", gbps(t("BM_RawXXH3")));
    std::printf("  argument hashing 256 MiB            %7.2f GB/s = %5.1f%% of raw XXH3   [>= 75%%]\n",
                gbps(t("BM_HashArgument")), 100 * t("BM_RawXXH3") / t("BM_HashArgument"));
    if (t("BM_HashEigenMatrix") > 0) {
      std::printf("  Eigen::MatrixXd argument 256 MiB    %7.2f GB/s = %5.1f%% of raw XXH3   [>= 90%%]\n",
                  gbps(t("BM_HashEigenMatrix")), 100 * t("BM_RawXXH3") / t("BM_HashEigenMatrix"));
      std::printf("  strided Eigen::Ref 256 MiB          %7.2f GB/s = %5.1f%% of raw XXH3   (a column at a time)\n",
                  gbps(t("BM_HashEigenStridedRef")), 100 * t("BM_RawXXH3") / t("BM_HashEigenStridedRef"));
    }
    std::printf("  large hit 256 MiB                   %7.2f GB/s = %5.1f%% of memcpy      [>= 50%%]\n",
                gbps(t("BM_LargeHit")), 100 * t("BM_Memcpy") / t("BM_LargeHit"));
    std::printf("                                                 = %5.1f%% of vector copy\n",
                100 * t("BM_VectorCopy") / t("BM_LargeHit"));
    std::printf("  pread 256 MiB into fresh memory     %7.2f ms   (this machine's floor for a large hit)\n",
                t("BM_PreadFresh") * 1e3);
    std::printf("  large hit 256 MiB                   %7.2f ms = %.2f x the floor   [<= 1.25]\n",
                t("BM_LargeHit") * 1e3, t("BM_LargeHit") / t("BM_PreadFresh"));
    std::printf("  the same, zero-filled first         %7.2f ms = %.2f x the floor   (the decoder before one pass)\n",
                t("BM_LargeHitTwoPass") * 1e3, t("BM_LargeHitTwoPass") / t("BM_PreadFresh"));
    const double io = t("BM_LargeHit") - t("BM_FreshVector");
    std::printf("  fresh 256 MiB vector (alloc, touch) %7.2f ms\n", t("BM_FreshVector") * 1e3);
    std::printf("  large hit less the fresh vector     %7.2f ms = %5.1f%% of memcpy (read + verify)\n",
                io * 1e3, 100 * t("BM_Memcpy") / io);
    const double input_gbps = t("BM_InputFileCold") > 0 ? kInput / t("BM_InputFileCold") / 1e9 : 0.0;
    std::printf("  input_file 1 GiB, cold              %7.2f ms = %.2f GB/s = %5.1f%% of raw XXH3 (read from page cache)\n",
                t("BM_InputFileCold") * 1e3, input_gbps, 100 * input_gbps / gbps(t("BM_RawXXH3")));
    std::printf("  input_file 1 GiB, from the table    %7.2f us   (a new process; %.0f x faster than cold)\n",
                t("BM_InputFileTable") * 1e6, t("BM_InputFileCold") / t("BM_InputFileTable"));
    std::printf("  input_file 1 GiB, from the memo     %7.2f us   (later calls in a process)\n",
                t("BM_InputFileMemo") * 1e6);
  }

private:
  std::map<std::string, double> seconds_;
};

} // namespace

int main(int argc, char **argv) {
  ::setenv("NPCACHE_DIR", bench_dir().c_str(), 1); // where input_file's table goes
  benchmark::Initialize(&argc, argv);
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.summary();
  std::filesystem::remove(bench_dir() + "/input.bin"); // not npcache's: clear would keep the folder
  npcache::Cache(bench_dir()).clear(npcache::remove_dir);
  benchmark::Shutdown();
  return 0;
}
