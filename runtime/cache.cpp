#include "config.hpp"
#include "counters.hpp"
#include "entry.hpp"
#include "libraries.hpp"
#include "log.hpp"
#include "maintenance.hpp"
#include "names.hpp"
#include "safe_dir.hpp"
#include "function.hpp"
#include "storage/memory.hpp"
#include "storage/remote.hpp"

#include <npcache/generated.hpp>

#include <array>
#include <atomic>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace npcache {
namespace detail {

namespace {

std::string absolute_dir(const std::string &dir) {
  std::error_code ec;
  fs::path path = fs::absolute(dir, ec);
  return (ec ? fs::path(dir) : path).lexically_normal().string();
}

Key128 identity_digest(const Function &fn) {
  HashSink hash;
  codec<std::tuple<std::string, std::uint32_t, std::string, std::string, std::string,
                   std::uint64_t, std::uint64_t, std::string>>::
      encode(hash, {"npcache", kFormatVersion, fn.name, fn.signature, *fn.settings.version,
                    fn.code.digest.low, fn.code.digest.high, fn.code.build_context});
  return hash.finish();
}

void explain(const Function &fn, const std::string &why) {
  if (log_enabled(LogLevel::explain))
    log(LogLevel::explain, fn.name + ": miss: " + why);
}

} // namespace

bool lookup(Function &fn, const Key128 &key, const std::string &readable, const ValueOps &ops,
            void *out, MissLock &lock, std::uint32_t &raised_fp) {
  if (!fn.ready.load(std::memory_order_acquire)) {
    std::call_once(fn.setup_once, [&fn] {
      KeepFpFlags keep_flags;
      fn.local.set_up();
    });
    fn.ready.store(true, std::memory_order_release);
  }
  CacheState &cache = *fn.cache;
  auto miss = [&](const std::string &why) {
    cache.misses.fetch_add(1, std::memory_order_relaxed);
    fn.local.count_miss();
    if (!why.empty())
      explain(fn, why);
    return false;
  };
  if (*fn.settings.refresh)
    return miss("refresh is on");
  // tiers[0] is the memory tier, when there is one.
  std::size_t first_tier = 0;
  if (fn.plan.memory) {
    if (InMemory::hit(fn, key, ops, out, raised_fp))
      return true;
    first_tier = 1;
  }
  // cached_call keeps only the flags that a memory hit could touch; from here on, the
  // x87 ones too.
  KeepFpFlags keep_flags;
  const Request request{fn, key, readable, ops};
  // The nearest tier that holds the entry, or that refused what it held.
  ReadResult r;
  auto look = [&](std::size_t first, bool remote) {
    for (std::size_t i = first; i < fn.tiers.size(); ++i) {
      if (!remote && fn.tiers[i]->remote())
        break; // remote tiers come last
      ReadResult found = fn.tiers[i]->find(request, out);
      if (found.status != ReadStatus::absent) {
        r = std::move(found);
        return fn.tiers[i];
      }
    }
    r = ReadResult{ReadStatus::absent, {}};
    return static_cast<Tier *>(nullptr);
  };
  Tier *answered = look(first_tier, true);
  // Another caller may be computing this key: wait for it, then look again (in memory
  // too: it may have been a thread of this process).
  if (r.status != ReadStatus::ok && fn.local.lock(request, lock)) {
    ReadResult before = r;
    Tier *before_tier = answered;
    answered = look(0, false);
    // A bad entry seen before waiting is still reported below (remote tiers, not asked
    // again, are seen only before).
    if (r.status != ReadStatus::ok && before.status != ReadStatus::absent) {
      r = std::move(before);
      answered = before_tier;
    }
  }
  // About to compute: a tier shared with other machines may have one of them computing
  // this key already; then its result is waited for, as a local one is above.
  if (r.status == ReadStatus::absent)
    for (Tier *tier : fn.tiers)
      if (ReadResult waited = tier->wait_or_lock(request, out, lock); waited.status != ReadStatus::absent) {
        r = std::move(waited);
        answered = tier;
        break;
      }
  if (r.status == ReadStatus::ok) {
    raised_fp = r.raised_fp;
    if (answered->in_memory())
      return true; // counted by the tier
    // Copied into the tiers it passed on the way, with the flags its entry keeps.
    const Request loaded{fn, key, readable, ops, r.raised_fp};
    for (Tier *nearer : fn.tiers) {
      if (nearer == answered)
        break;
      nearer->keep(loaded, out, &r);
    }
    if (log_enabled(LogLevel::debug))
      log(LogLevel::debug, fn.name + ": hit " + answered->where(request));
    return true;
  }
  switch (r.status) {
  case ReadStatus::absent:
    return miss(log_enabled(LogLevel::explain) ? fn.local.why_absent(request) : std::string());
  case ReadStatus::expired:
    return miss("the entry is older than max_age (" + r.detail + ")");
  case ReadStatus::other_version:
    return miss("the entry has " + r.detail);
  default:
    cache.errors.fetch_add(1, std::memory_order_relaxed);
    log(LogLevel::warn, answered->where(request) + ": " + to_string(r.status) + " entry (" + r.detail +
                            "); recomputing" + (*fn.settings.write ? " and replacing it" : ""));
    return miss({});
  }
}

void store(Function &fn, const Key128 &key, const std::string &readable, const ValueOps &ops,
           const void *value, std::uint32_t raised_fp) noexcept {
  KeepFpFlags keep_flags; // the function's, which the caller gets
  const Request request{fn, key, readable, ops, raised_fp};
  for (Tier *tier : fn.tiers)
    tier->keep(request, value, nullptr);
}

} // namespace detail

namespace {

std::shared_ptr<detail::CacheState> make_state(const std::optional<std::filesystem::path> &dir,
                                               Config config) {
  detail::KeepFpFlags keep_flags; // the cache's directory, made absolute and normalized
  auto state = std::make_shared<detail::CacheState>();
  state->config = std::move(config);
  if (dir) {
    state->dir = detail::absolute_dir(dir->string());
    state->explicit_dir = true;
  } else {
    const detail::Environment &env = detail::environment();
    Settings s = detail::builtin_settings();
    s.merge(state->config.defaults);
    s.merge(env.file.defaults);
    s.merge(env.settings);
    state->dir = detail::absolute_dir(detail::runtime_cache_dir().value_or(*s.dir));
  }
  state->dir_path = state->dir;
  return state;
}

} // namespace

Cache::Cache() : state_(make_state(std::nullopt, {})) {}
Cache::Cache(std::filesystem::path dir) : state_(make_state(std::move(dir), {})) {}
Cache::Cache(std::filesystem::path dir, Config config)
    : state_(make_state(std::move(dir), std::move(config))) {}
Cache::~Cache() = default;
Cache::Cache(const Cache &) = default;
Cache &Cache::operator=(const Cache &) = default;

const std::filesystem::path &Cache::dir() const { return state_->dir_path; }

namespace detail {

std::shared_ptr<Function> make_function(const Cache &cache, std::string name, std::string signature,
                                        const Settings &options, const Code &code) {
  KeepFpFlags keep_flags;
  const std::shared_ptr<CacheState> &state = cache.state_;
  const Environment &env = environment();
  auto fn = std::make_shared<Function>();
  fn->cache = state;
  fn->code = code;
  fn->name = std::move(name);
  fn->signature = std::move(signature);

  Settings s = builtin_settings();
  s.merge(state->config.for_function(fn->name));
  s.merge(options);
  s.merge(env.file.for_function(fn->name));
  s.merge(env.settings);
  if (env.broken)
    s.enabled = false;
  // A directory named for this function applies unless the environment, a runtime call
  // or the Cache's own constructor chose the directory.
  bool function_dir = s.dir != builtin_settings().dir && !state->explicit_dir &&
                      !env.settings.dir && !runtime_cache_dir();
  std::string root = function_dir ? absolute_dir(*s.dir) : state->dir;
  // Readable keys name entry files after their arguments: they are asked for to be seen
  // there, so their entries stay files.
  if (*s.key == KeyStyle::readable)
    s.small_store_bytes = 0;
  fn->settings = std::move(s);
  fn->dir_tag = memory_dir_tag(root);
  fn->local.place(std::move(root), function_dir_name(fn->name, fn->signature));
  fn->plan.active = *fn->settings.enabled;
  fn->plan.readable = *fn->settings.key == KeyStyle::readable;
  fn->plan.memory = *fn->settings.memory;
  fn->plan.team_size = code.team_size;
  fn->plan.library_threads = code.library_threads;
  fn->plan.header_state = code.header_state;
  if (fn->plan.memory)
    fn->tiers.push_back(&InMemory::instance());
  fn->tiers.push_back(&fn->local);
  if (fn->plan.active)
    for (RemoteTier *remote : remote_tiers(fn->settings))
      fn->tiers.push_back(remote);
  fn->plan.identity = identity_digest(*fn);
  fn->meta_prefix = meta_prefix(fn->name, fn->signature);
  return fn;
}

Plan plan_of(const Function &fn) { return fn.plan; }

std::string join_signature(const NameFn *names, std::size_t count) {
  std::string out = "(";
  for (std::size_t i = 1; i < count; ++i)
    out += (i == 1 ? "" : ",") + names[i]();
  return out + ")->" + names[0]();
}

Handle make_handle(const Cache &cache, std::string name, std::string signature,
                   const Settings &options, const Code &code) {
  // Rewritten functions keep their handle in a static: their Function lives as long as
  // the process, and is never destroyed while another static's destructor may call it.
  static std::mutex mutex;
  static auto *functions = new std::vector<std::shared_ptr<Function>>();
  std::shared_ptr<Function> fn = make_function(cache, std::move(name), std::move(signature), options, code);
  std::lock_guard<std::mutex> lock(mutex);
  functions->push_back(fn);
  return Handle{fn.get(), fn->plan};
}

namespace {

// Adds to the code what it computes by besides its text: `dependencies` name it for explain.
void fold(Code &code, const Key128 &part, const std::string &dependencies) {
  HashSink hash;
  for (const Key128 &word : {code.digest, part})
    hash.put(word);
  code.digest = hash.finish();
  code.dependencies += dependencies;
}

} // namespace

Code code(const Generated &generated) {
  Code out{generated.local_digest, generated.build_context, generated.local_dependencies, generated.linked != nullptr,
           generated.team_size};
  bool cpu_caches = generated.cpu_caches;
  if (const LinkedCode *linked = generated.linked; linked != nullptr) {
    out.team_size = out.team_size || linked->team_size;
    cpu_caches = cpu_caches || linked->cpu_caches;
    out.digest = Key128{linked->digest_low, linked->digest_high};
    out.dependencies += linked->dependencies;
    if (LibraryCode libraries = library_code(linked->libraries, linked); !libraries.dependencies.empty()) {
      fold(out, libraries.digest, libraries.dependencies);
      out.library_threads = libraries.threads;
    }
  }
  if (cpu_caches) {
    static const std::string sizes = cpu_cache_sizes();
    const Key128 part = hash_bytes(sizes.data(), sizes.size());
    fold(out, part, "the CPU's cache sizes\t" + part.hex() + "\n");
    out.header_state = generated.header_state;
  }
  return out;
}

Handle generated_handle(std::string name, const Generated &generated) {
  KeepFpFlags keep_flags; // often the program's first call into npcache, before main
  Settings settings;
  try {
    settings = parse_config(generated.settings_json, "the settings of " + name).defaults;
  } catch (const std::exception &e) {
    // Written by npcache-rewrite; unreadable only if it and this library disagree.
    log(LogLevel::warn, name + ": " + e.what() + "; using the defaults");
  }
  if (const LinkedCode *linked = generated.linked; linked != nullptr && linked->open && linked->unseen != nullptr)
    log(LogLevel::warn, name + ": " + linked->unseen +
                            ", which it reaches, is not defined in its shared library, and the program was "
                            "not linked by npcache-cxx with that library: the key counts it by name, and an "
                            "edit of it is not seen (link the program through npcache-cxx, or link what "
                            "defines it into the library)");
  return make_handle(default_cache(), name, generated.signature(), settings,
                     code(generated));
}

const Cache &default_cache() {
  static const Cache cache;
  return cache;
}

} // namespace detail

namespace {
// The cache directory as clear() and stats() see it: with the sharing its settings give.
detail::SafeDir open_cache_dir(const detail::CacheState &state) {
  detail::Trust trust;
  Settings s = detail::builtin_settings();
  s.merge(state.config.defaults);
  s.merge(detail::environment().file.defaults);
  s.merge(detail::environment().settings);
  trust.sharing = *s.shared;
  std::string why;
  detail::SafeDir root = detail::SafeDir::open_root(state.dir, trust, false, why);
  if (!why.empty())
    detail::log(detail::LogLevel::warn, why + "; left alone");
  return root;
}
} // namespace

void Cache::clear() const {
  detail::KeepFpFlags keep_flags;
  detail::MemoryTier::instance().drop(detail::memory_dir_tag(state_->dir));
  if (detail::SafeDir root = open_cache_dir(*state_)) {
    detail::ClearResult r = detail::clear_directory(root);
    for (const std::string &left : r.left)
      detail::log(detail::LogLevel::info, left + "; left in place");
  }
}

void Cache::clear(remove_dir_t) const {
  clear();
  std::error_code ec;
  if (fs::exists(state_->dir, ec) && !fs::remove(state_->dir, ec))
    detail::log(detail::LogLevel::warn, state_->dir +
                                            ": left in place: it holds files npcache did not create");
}

Stats Cache::stats() const {
  detail::KeepFpFlags keep_flags;
  Stats s;
  s.hits = state_->hits.load();
  s.memory_hits = detail::MemoryTier::instance().count(state_->memory_hits);
  s.remote_hits = state_->remote_hits.load();
  for (detail::RemoteTier *tier : detail::all_remote_tiers()) {
    detail::RemoteCounters c = tier->counters();
    s.remotes.push_back(RemoteStats{tier->spec().display, c.hits, c.misses, c.errors, c.bytes_read, c.bytes_written});
  }
  s.misses = state_->misses.load();
  s.errors = state_->errors.load();
  if (detail::SafeDir root = open_cache_dir(*state_)) {
    detail::Inventory inv = detail::take_inventory(root, false);
    s.entries = inv.entries.size();
    s.bytes = inv.bytes;
  }
  return s;
}

} // namespace npcache
