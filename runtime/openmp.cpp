// The OpenMP team a cached function's reductions would run on, read from whichever OpenMP
// runtime the process loaded (libgomp, libomp), without npcache linking one.
#include <npcache/call.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace npcache::detail {
namespace {

struct OpenMpQueries {
  int (*max_threads)() = nullptr;
  int (*thread_limit)() = nullptr;
  int (*active_level)() = nullptr;
  int (*max_active_levels)() = nullptr;
  int (*dynamic)() = nullptr;
  void (*schedule)(int *kind, int *chunk) = nullptr; // omp_sched_t is an int-sized enum
};

template <class F> void find(F &out, const char *name) {
  out = reinterpret_cast<F>(::dlsym(RTLD_DEFAULT, name));
}

// Looked up at the first call that needs them, when the code that reduces, and so the
// runtime it links, is loaded.
const OpenMpQueries &queries() {
  static const OpenMpQueries found = [] {
    OpenMpQueries q;
    find(q.max_threads, "omp_get_max_threads");
    find(q.thread_limit, "omp_get_thread_limit");
    find(q.active_level, "omp_get_active_level");
    find(q.max_active_levels, "omp_get_max_active_levels");
    find(q.dynamic, "omp_get_dynamic");
    find(q.schedule, "omp_get_schedule");
    return q;
  }();
  return found;
}

} // namespace

std::uint64_t openmp_team_tag() noexcept {
  const OpenMpQueries &q = queries();
  if (q.max_threads == nullptr)
    return 0;
  std::uint64_t threads = static_cast<std::uint64_t>(std::max(q.max_threads(), 1));
  if (q.thread_limit != nullptr)
    threads = std::min<std::uint64_t>(threads, static_cast<std::uint64_t>(std::max(q.thread_limit(), 1)));
  // How many levels of regions, this one's included, may still run on teams.
  const std::int64_t levels = q.active_level != nullptr && q.max_active_levels != nullptr
                                  ? std::max(q.max_active_levels() - q.active_level(), 0)
                                  : 1;
  if (levels == 0) // a region inside one that cannot nest further runs on one thread
    threads = 1;
  const std::uint64_t dynamic = q.dynamic != nullptr && q.dynamic() != 0 ? 1 : 0;
  // The schedule a loop with schedule(runtime) takes (OMP_SCHEDULE, omp_set_schedule):
  // which thread sums which iterations. Until 2026-12-06 OMP_SCHEDULE=static,1 hit the
  // entry OMP_SCHEDULE=static computed.
  int kind = 0, chunk = 0;
  if (q.schedule != nullptr)
    q.schedule(&kind, &chunk);
  // A region nested in the function's regions runs on a team of its own, whose size
  // OMP_NUM_THREADS lists after the first ("2,3": teams of 3 inside teams of 2; the API
  // tells only the first) and whose threads count against the limit they all share. With
  // OMP_NUM_THREADS=2, 2,2 and 2,3 the same nested reduction gives three values, and until
  // 2026-12-06 the three runs shared one entry.
  std::int64_t nested[3] = {};
  if (levels > 1) {
    nested[0] = levels;
    nested[1] = q.thread_limit != nullptr ? q.thread_limit() : 0;
    if (const char *list = std::getenv("OMP_NUM_THREADS"); list != nullptr)
      if (const char *inner = std::strchr(list, ','); inner != nullptr)
        nested[2] = static_cast<std::int64_t>(hash_bytes(inner, std::strlen(inner)).low);
  }
  const std::int64_t team[] = {static_cast<std::int64_t>(threads), static_cast<std::int64_t>(dynamic), kind, chunk,
                               nested[0], nested[1], nested[2]};
  const Key128 tag = hash_bytes(team, sizeof team);
  return tag.low ^ tag.high;
}

} // namespace npcache::detail
