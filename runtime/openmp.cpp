// The OpenMP team a cached function's reductions would run on, read from whichever OpenMP
// runtime the process loaded (libgomp, libomp), without npcache linking one.
#include <npcache/call.hpp>

#include <dlfcn.h>

#include <algorithm>

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
  // A region inside one that cannot nest further runs on one thread.
  if (q.active_level != nullptr && q.max_active_levels != nullptr && q.active_level() >= q.max_active_levels())
    threads = 1;
  const std::uint64_t dynamic = q.dynamic != nullptr && q.dynamic() != 0 ? 1 : 0;
  // The schedule a loop with schedule(runtime) takes (OMP_SCHEDULE, omp_set_schedule):
  // which thread sums which iterations. Until 2026-12-06 OMP_SCHEDULE=static,1 hit the
  // entry OMP_SCHEDULE=static computed.
  int kind = 0, chunk = 0;
  if (q.schedule != nullptr)
    q.schedule(&kind, &chunk);
  const std::int64_t team[] = {static_cast<std::int64_t>(threads), static_cast<std::int64_t>(dynamic), kind, chunk};
  const Key128 tag = hash_bytes(team, sizeof team);
  return tag.low ^ tag.high;
}

} // namespace npcache::detail
