#include "config.hpp"
#include "counters.hpp"
#include "entry.hpp"
#include "log.hpp"
#include "maintenance.hpp"
#include "names.hpp"
#include "safe_dir.hpp"
#include "storage/memory.hpp"

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

struct CacheState {
  std::string dir;
  fs::path dir_path; // the same, as Cache::dir() returns it
  bool explicit_dir = false;
  Config config;
  std::atomic<std::uint64_t> hits{0};
  std::atomic<std::uint64_t> memory_hits{0};
  std::atomic<std::uint64_t> misses{0};
  std::atomic<std::uint64_t> errors{0};
};

class Function {
public:
  std::shared_ptr<CacheState> cache;
  std::string name;
  std::string signature;
  Code code; // empty for Cache::wrap
  std::atomic<bool> dependencies_written{false};
  Settings settings;  // every field set
  std::string dir;   // this function's entries
  std::uint64_t dir_tag = 0; // names the cache directory in the memory tier
  std::string meta_prefix; // how an entry of this function's metadata starts
  Plan plan;
  std::atomic<bool> write_warned{false};

  // Set up at the first call, not when wrapped: a program may wrap functions it never calls.
  std::once_flag setup_once;
  std::atomic<bool> ready{false}; // set up; skips call_once's own cost on every later call
  std::string root;      // the cache directory holding `dir`
  std::string dir_name;  // `dir`'s name in it
  bool usable = false;   // the directories can be trusted (or are still to be made)
  Trust trust;           // whose files may be read (safe_dir.hpp)
  // `dir`, held open: every read, write and delete goes through it, so no path is
  // resolved twice, and a hit spares the kernel walking the whole path. -1 until the
  // directory exists. Replaced (under dir_mutex) when the directory was removed and made
  // again; the SafeDirs replaced stay open in `dirs`, since another thread may still be
  // inside a call on their descriptor, and a reused number would send that call elsewhere.
  std::atomic<int> dir_fd{-1};
  std::atomic<const SafeDir *> dir_handle{nullptr};
  std::mutex dir_mutex;
  std::vector<std::unique_ptr<SafeDir>> dirs, roots; // under dir_mutex
  const SafeDir *root_dir = nullptr;                  // the latest of `roots`
  // The shared counters in `dir` (null when read-only or not mapped), replaced with it;
  // the mappings replaced stay in `mapped` for the same reason.
  std::atomic<FunctionBlock *> counters{nullptr};
  std::vector<std::unique_ptr<Mapped<FunctionBlock>>> mapped; // under dir_mutex
  std::atomic<Mapped<RootBlock> *> root_block{nullptr}; // shared by the functions of a directory
  std::atomic<bool> leftovers_checked{false};

  // Which keys this process marked used in the current minute, so that a hit pays that
  // system call once per key and minute. Direct-mapped and lock-free: a collision only
  // costs an extra mark.
  static constexpr std::size_t kMarkSlots = 1024;
  std::array<std::atomic<std::uint64_t>, kMarkSlots> marked{};

  Function() = default;
  Function(const Function &) = delete;
  Function &operator=(const Function &) = delete;
  ~Function() = default;
};

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

// Keyed by the directory itself, not its path: a cache directory removed and made again
// gets a root file of its own.
Mapped<RootBlock> *root_block(const SafeDir &root) {
  static std::mutex mutex;
  static std::map<std::pair<dev_t, ino_t>, std::unique_ptr<Mapped<RootBlock>>> blocks;
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Mapped<RootBlock>> &block = blocks[{root.device(), root.inode()}];
  if (!block || !*block) {
    block = std::make_unique<Mapped<RootBlock>>(Mapped<RootBlock>::open(root, kRootFileName, true));
    if (*block)
      atomic_store(block->get()->sharing, static_cast<std::uint64_t>(root.trust().sharing));
  }
  return *block ? block.get() : nullptr;
}

// Opens the function's directory (and the cache directory above it) afresh, creating them
// if `create`, and makes it the one calls use, unless it is the one they already use; false
// if nothing changed. Says why once, if they cannot be trusted. Takes fn.dir_mutex.
bool open_function_dir(Function &fn, bool create) {
  std::lock_guard<std::mutex> lock(fn.dir_mutex);
  std::string why;
  auto root = std::make_unique<SafeDir>(SafeDir::open_root(fn.root, fn.trust, create, why));
  auto dir = *root ? std::make_unique<SafeDir>(root->open_dir(fn.dir_name, create, why)) : nullptr;
  if (!why.empty()) {
    if (!fn.write_warned.exchange(true)) {
      fn.cache->errors.fetch_add(1, std::memory_order_relaxed);
      log(LogLevel::warn, fn.name + ": not caching: " + why);
    }
    fn.usable = false;
    return false;
  }
  if (dir == nullptr || !*dir)
    return false; // not made yet: a read-only process waits for one that writes
  const SafeDir *current = fn.dir_handle.load(std::memory_order_acquire);
  if (current != nullptr && current->device() == dir->device() && current->inode() == dir->inode())
    return false;
  if (current == nullptr) // read by calls without the lock: set once, before the first use
    fn.trust = root->trust();
  if (*fn.settings.write) {
    fn.root_block.store(root_block(*root), std::memory_order_release);
    auto counters = std::make_unique<Mapped<FunctionBlock>>(Mapped<FunctionBlock>::open(*dir, kCountersFileName, true));
    if (FunctionBlock *c = counters->get()) {
      Key128 current = code_version(fn.code.digest, *fn.settings.version);
      atomic_store(c->current_low, current.low);
      atomic_store(c->current_high, current.high);
    }
    fn.counters.store(counters->get(), std::memory_order_release);
    fn.mapped.push_back(std::move(counters));
    fn.dependencies_written.store(false); // a new directory has no list yet
  }
  fn.dir_fd.store(dir->fd(), std::memory_order_release);
  fn.dir_handle.store(dir.get(), std::memory_order_release);
  fn.root_dir = root.get();
  fn.dirs.push_back(std::move(dir));
  fn.roots.push_back(std::move(root));
  return true;
}

// Reads an entry through fn.dir_fd. An entry absent there may be present at fn.dir when
// the directory was removed and created again (`npcache clear`) since it was opened: then
// the directory is opened again and the read repeated. Misses pay that check (one stat
// while fn.dir still names the directory held); hits do not.
ReadResult read_from_dir(Function &fn, const std::string &name, const Expectation &expect,
                         DecodeFn decode, void *out) {
  const int dir_fd = fn.dir_fd.load(std::memory_order_acquire);
  ReadResult r = dir_fd >= 0 ? read_entry(dir_fd, &fn.trust, name.c_str(), expect, decode, out)
                             : ReadResult{ReadStatus::absent, {}};
  if (r.status != ReadStatus::absent)
    return r;
  const SafeDir *held = fn.dir_handle.load(std::memory_order_acquire);
  if ((held != nullptr && held->still_at(fn.dir)) || !open_function_dir(fn, false))
    return r;
  return read_entry(fn.dir_fd.load(std::memory_order_acquire), &fn.trust, name.c_str(), expect, decode, out);
}

// Once per function and process: checks and opens the directories, maps the shared
// counters, and records this build's code version as the current one.
void set_up(Function &fn) {
  if (fn.code.digest != Key128{} && !fn.code.linked)
    log(LogLevel::warn, fn.name + ": linked without npcache-cxx: its key covers its own source file "
                                  "only, so edits in other files do not invalidate its entries");
  fn.trust.sharing = *fn.settings.shared;
  fn.usable = true;
  open_function_dir(fn, *fn.settings.write);
}

void count(Function &fn, std::uint64_t FunctionBlock::*field, std::uint64_t now) {
  if (FunctionBlock *c = fn.counters.load(std::memory_order_acquire)) {
    atomic_add(c->*field, 1);
    atomic_store(c->last_use_unix_ns, now);
  }
}
void count(Function &fn, std::uint64_t FunctionBlock::*field) {
  count(fn, field, coarse_now_unix_ns());
}

void note_hit(Function &fn, const Key128 &key, const std::string &name) {
  fn.cache->hits.fetch_add(1, std::memory_order_relaxed);
  const std::uint64_t now = coarse_now_unix_ns();
  count(fn, &FunctionBlock::hits, now);
  const std::uint64_t minute = now >> 36; // 2^36 ns is 69 s: LRU needs no finer time
  const std::uint64_t tag = (key.high ^ minute) | 1; // never 0, the empty slot
  std::atomic<std::uint64_t> &slot = fn.marked[key.low % Function::kMarkSlots];
  if (slot.load(std::memory_order_relaxed) == tag)
    return;
  slot.store(tag, std::memory_order_relaxed);
  mark_used(fn.dir_fd.load(std::memory_order_acquire), name.c_str());
}

// One process at a time brings the directory back under max_size, down to 90% of it so
// that passes are rare; the others go on, since an eviction pass is not urgent.
void enforce_max_size(Function &fn, std::uint64_t stored_bytes) {
  const std::uint64_t max_size = *fn.settings.max_size_bytes;
  Mapped<RootBlock> *root = fn.root_block.load(std::memory_order_acquire);
  if (root == nullptr)
    return;
  RootBlock &block = *root->get();
  atomic_add(block.estimated_bytes, stored_bytes);
  if (max_size == 0)
    return;
  atomic_store(block.max_size_bytes, max_size);
  if (atomic_load(block.estimated_bytes) <= max_size)
    return;
  PruneRule rule;
  rule.max_size_bytes = max_size / 10 * 9;
  std::optional<PruneResult> result;
  {
    std::lock_guard<std::mutex> lock(fn.dir_mutex);
    result = eviction_pass(*fn.root_dir, root, rule, /*wait=*/false);
  }
  if (result && log_enabled(LogLevel::info))
    log(LogLevel::info, fn.root + ": evicted " + std::to_string(result->removed) + " entries (" +
                            std::to_string(result->removed_bytes) + " bytes); " +
                            std::to_string(result->kept_bytes) + " bytes remain");
}

std::string dependency_name(const Key128 &code_digest) {
  return code_digest.hex() + std::string(kDependencySuffix);
}

// Once per code version (not per entry: the list can be long), what explain compares.
void write_dependencies(Function &fn, const SafeDir &dir) {
  if (fn.code.dependencies.empty() || fn.dependencies_written.exchange(true))
    return;
  const std::string name = dependency_name(fn.code.digest);
  struct stat st;
  if (::fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
    return;
  // A temporary named like an entry's, so that clear() finds it if this process dies here.
  const std::string temp = temp_file_name();
  int fd = dir.create(temp.c_str(), O_WRONLY);
  if (fd < 0)
    return; // explain loses detail; caching is unaffected
  const std::string &text = fn.code.dependencies;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok || !dir.rename(temp.c_str(), name.c_str()))
    dir.unlink(temp.c_str());
}

// A dependency list, if npcache wrote it.
std::string read_dependencies(const Function &fn, const Key128 &code_digest) {
  std::string why, text;
  int fd = fn.dir_handle.load()->open_trusted(dependency_name(code_digest).c_str(), O_RDONLY, why);
  if (fd < 0)
    return {};
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return text;
}

std::map<std::string, std::string> parse_dependencies(const std::string &text) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    std::size_t tab = text.find('\t', start);
    if (tab < end)
      out[text.substr(start, tab - start)] = text.substr(tab + 1, end - tab - 1);
    start = end + 1;
  }
  return out;
}

// Which definitions differ between two dependency lists, for a person to read.
std::string changed_dependencies(const std::string &before, const std::string &now) {
  auto old_deps = parse_dependencies(before), new_deps = parse_dependencies(now);
  std::vector<std::string> changes;
  for (const auto &[name, digest] : new_deps) {
    auto it = old_deps.find(name);
    if (it == old_deps.end())
      changes.push_back(name + " (new)");
    else if (it->second != digest)
      changes.push_back(name);
  }
  for (const auto &[name, digest] : old_deps)
    if (new_deps.count(name) == 0)
      changes.push_back(name + " (gone)");
  std::string out;
  for (std::size_t i = 0; i < changes.size() && i < 6; ++i)
    out += (i == 0 ? "" : ", ") + changes[i];
  if (changes.size() > 6)
    out += " and " + std::to_string(changes.size() - 6) + " more";
  return out;
}

// Why a key is missing, by comparison with the newest entry of the same function: new
// arguments, another version, another build context, or code that changed, and where.
std::string why_absent(const Function &fn, const std::string &missing) {
  const SafeDir *dir = fn.dir_handle.load(std::memory_order_acquire);
  if (dir == nullptr)
    return "no entry yet for this function";
  std::string newest;
  std::uint64_t newest_time = 0;
  dir->list([&](const std::string &name, const struct stat &st) {
    std::uint64_t time = static_cast<std::uint64_t>(st.st_mtim.tv_sec) * 1000000000u +
                         static_cast<std::uint64_t>(st.st_mtim.tv_nsec);
    if (S_ISREG(st.st_mode) && is_entry_file(name) && name != missing && (newest.empty() || time > newest_time)) {
      newest = name;
      newest_time = time;
    }
  });
  if (newest.empty())
    return "no entry yet for this function";
  EntryHeader header;
  if (read_entry_header(dir->fd(), &fn.trust, newest.c_str(), header).status != ReadStatus::ok)
    return "no entry for this key, and the newest entry is unreadable";
  const EntryMeta &before = header.meta;
  if (before.build_context != fn.code.build_context)
    return "the build context changed: was '" + before.build_context + "', now '" +
           fn.code.build_context + "'";
  if (before.version != *fn.settings.version)
    return "the version changed: was '" + before.version + "', now '" + *fn.settings.version + "'";
  if (before.code_digest != fn.code.digest) {
    std::string which = changed_dependencies(read_dependencies(fn, before.code_digest), fn.code.dependencies);
    return "the code changed" + (which.empty() ? std::string() : ": " + which);
  }
  return "no entry for these arguments";
}

// Keeps a copy of a result in the memory tier: of the result at `value`, or with `loaded`,
// of the one a lookup put in the std::optional at `value`, whose entry said its size. A copy
// that fails (out of memory, a codec that throws) is not kept, and the call goes on.
void keep_in_memory(const Function &fn, const Key128 &key, const ValueOps &ops, const void *value,
                    bool loaded, std::uint64_t bytes, std::uint64_t created_unix_ns) noexcept {
  try {
    if (!loaded)
      bytes = encoded_size(ops.encode, value);
    std::shared_ptr<const void> kept((loaded ? ops.keep_loaded : ops.keep)(value), ops.release);
    MemoryTier::instance().keep({key, fn.dir_tag}, std::move(kept), bytes, created_unix_ns,
                                *fn.settings.memory_size_bytes);
  } catch (...) {
  }
}

} // namespace

bool lookup(Function &fn, const Key128 &key, const std::string &readable, const ValueOps &ops,
            void *out, MissLock &lock) {
  if (!fn.ready.load(std::memory_order_acquire)) {
    std::call_once(fn.setup_once, set_up, fn);
    fn.ready.store(true, std::memory_order_release);
  }
  CacheState &cache = *fn.cache;
  auto miss = [&](const std::string &why) {
    cache.misses.fetch_add(1, std::memory_order_relaxed);
    count(fn, &FunctionBlock::misses);
    if (!why.empty())
      explain(fn, why);
    return false;
  };
  if (*fn.settings.refresh)
    return miss("refresh is on");
  const bool memory = fn.plan.memory && ops.keep != nullptr;
  if (memory) {
    if (MemoryTier::instance().find({key, fn.dir_tag}, *fn.settings.max_age_seconds, ops.copy_out, out)) {
      cache.memory_hits.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
  }
  if (!fn.usable)
    return miss({});
  thread_local std::string name; // reused: a hit allocates nothing for the entry's name
  name.clear();
  append_entry_file_name(name, key, readable);
  Expectation expect{key, fn.meta_prefix, *fn.settings.max_age_seconds};
  ReadResult r = read_from_dir(fn, name, expect, ops.decode, out);
  // Another caller may be computing this key: wait for it, then look again.
  const int dir_fd = fn.dir_fd.load(std::memory_order_acquire);
  if (r.status != ReadStatus::ok && *fn.settings.write && *fn.settings.lock_timeout_seconds > 0 &&
      dir_fd >= 0 &&
      lock.acquire(dir_fd, lock_file_name(key), fn.trust.sharing == Sharing::group,
                   *fn.settings.lock_timeout_seconds)) {
    ReadResult again = read_from_dir(fn, name, expect, ops.decode, out);
    if (again.status == ReadStatus::ok || again.status == ReadStatus::absent)
      r = again; // a bad entry seen before waiting is still reported below
  }
  const std::string path = fn.dir + "/" + name; // for messages
  if (r.status == ReadStatus::ok) {
    note_hit(fn, key, name);
    if (memory)
      keep_in_memory(fn, key, ops, out, /*loaded=*/true, r.raw_size, r.created_unix_ns);
    if (log_enabled(LogLevel::debug))
      log(LogLevel::debug, fn.name + ": hit " + path);
    return true;
  }
  switch (r.status) {
  case ReadStatus::absent:
    return miss(log_enabled(LogLevel::explain) ? why_absent(fn, name) : std::string());
  case ReadStatus::expired:
    return miss("the entry is older than max_age (" + r.detail + ")");
  case ReadStatus::other_version:
    return miss("the entry has " + r.detail);
  default:
    cache.errors.fetch_add(1, std::memory_order_relaxed);
    log(LogLevel::warn, path + ": " + to_string(r.status) + " entry (" + r.detail +
                            "); recomputing" + (*fn.settings.write ? " and replacing it" : ""));
    return miss({});
  }
}

void store(Function &fn, const Key128 &key, const std::string &readable, const ValueOps &ops,
           const void *value) noexcept {
  if (fn.plan.memory && ops.keep != nullptr)
    keep_in_memory(fn, key, ops, value, /*loaded=*/false, 0, now_unix_ns());
  if (!*fn.settings.write || !fn.usable)
    return;
  std::string error;
  std::uint64_t bytes = 0;
  try {
    EntryHeader header;
    header.key = key;
    header.meta = EntryMeta{fn.name,        fn.signature,          readable,
                            fn.code.digest, fn.code.build_context, *fn.settings.version};
    const std::string name = entry_file_name(key, readable);
    // The directory may have been removed since it was opened (npcache clear): made again.
    for (int attempt = 0; attempt < 2; ++attempt) {
      const SafeDir *dir = fn.dir_handle.load(std::memory_order_acquire);
      if (dir == nullptr) {
        error = "the cache directory cannot be made";
      } else {
        error = write_entry(*dir, name, header, ops.encode, value, *fn.settings.compress, *fn.settings.level, &bytes);
        if (error.empty()) {
          count(fn, &FunctionBlock::stores);
          write_dependencies(fn, *dir);
          // A crashed writer of an earlier run may have left a temporary here.
          if (!fn.leftovers_checked.exchange(true))
            remove_leftovers(*dir);
          enforce_max_size(fn, bytes);
          return;
        }
      }
      if (attempt == 0 && !open_function_dir(fn, true))
        break;
    }
  } catch (const std::exception &e) {
    error = e.what();
  }
  fn.cache->errors.fetch_add(1, std::memory_order_relaxed);
  // Logged once per function: a full disk would otherwise print on every call.
  if (!fn.write_warned.exchange(true))
    log(LogLevel::warn, fn.name + ": " + error + "; results are returned but not cached");
}

} // namespace detail

namespace {

std::shared_ptr<detail::CacheState> make_state(const std::optional<std::filesystem::path> &dir,
                                               Config config) {
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
  fn->root = function_dir ? absolute_dir(*s.dir) : state->dir;
  fn->settings = std::move(s);
  fn->dir_name = function_dir_name(fn->name, fn->signature);
  fn->dir = fn->root + "/" + fn->dir_name;
  fn->plan.active = *fn->settings.enabled;
  fn->plan.readable = *fn->settings.key == KeyStyle::readable;
  fn->plan.memory = *fn->settings.memory;
  fn->dir_tag = memory_dir_tag(fn->root);
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

Code code(const LinkedCode *linked, const Key128 &local, const char *local_dependencies,
          std::string build_context) {
  Code out{local, std::move(build_context), local_dependencies, linked != nullptr};
  if (linked != nullptr) {
    out.digest = Key128{linked->digest_low, linked->digest_high};
    out.dependencies += linked->dependencies;
  }
  return out;
}

Handle generated_handle(std::string name, const Generated &generated) {
  Settings settings;
  try {
    settings = parse_config(generated.settings_json, "the settings of " + name).defaults;
  } catch (const std::exception &e) {
    // Written by npcache-rewrite; unreadable only if it and this library disagree.
    log(LogLevel::warn, name + ": " + e.what() + "; using the defaults");
  }
  return make_handle(default_cache(), name, generated.signature(), settings,
                     code(generated.linked, generated.local_digest, generated.local_dependencies,
                          generated.build_context));
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
  Stats s;
  s.hits = state_->hits.load();
  s.memory_hits = state_->memory_hits.load();
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
