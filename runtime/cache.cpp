#include "config.hpp"
#include "counters.hpp"
#include "entry.hpp"
#include "log.hpp"
#include "maintenance.hpp"
#include "names.hpp"

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
  std::string meta_prefix; // how an entry of this function's metadata starts
  Plan plan;
  std::atomic<bool> write_warned{false};

  // Set up at the first call, not when wrapped: a program may wrap functions it never calls.
  std::once_flag setup_once;
  std::atomic<bool> ready{false}; // set up; skips call_once's own cost on every later call
  std::string root;      // the cache directory holding `dir`
  bool usable = false;   // the directories passed check_directory()
  // `dir`, held open: a hit opens its entry relative to it, which spares the kernel
  // walking the whole path (0.3-0.4 us of a 5 us hit here). -1 when it could not be
  // opened; the path is used then.
  std::atomic<int> dir_fd{-1};
  std::mutex dir_mutex; // serializes reopening dir_fd when `dir` was replaced
  dev_t dir_dev = 0;    // which directory dir_fd is, under dir_mutex
  ino_t dir_ino = 0;
  Mapped<FunctionBlock> counters;
  Mapped<RootBlock> *root_block = nullptr; // shared by the functions of one directory
  std::atomic<bool> leftovers_checked{false};

  // Which keys this process marked used in the current minute, so that a hit pays that
  // system call once per key and minute. Direct-mapped and lock-free: a collision only
  // costs an extra mark.
  static constexpr std::size_t kMarkSlots = 1024;
  std::array<std::atomic<std::uint64_t>, kMarkSlots> marked{};

  Function() = default;
  Function(const Function &) = delete;
  Function &operator=(const Function &) = delete;
  ~Function() {
    if (int fd = dir_fd.load(); fd >= 0)
      ::close(fd);
  }
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

Mapped<RootBlock> *root_block(const std::string &root) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Mapped<RootBlock>>> blocks;
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Mapped<RootBlock>> &block = blocks[root];
  if (!block || !*block)
    block = std::make_unique<Mapped<RootBlock>>(
        Mapped<RootBlock>::open(root + "/" + std::string(kRootFileName), true));
  return *block ? block.get() : nullptr;
}

// Why the function's directories cannot be used safely, or empty. Creates them if this
// process may write.
std::string directory_problem(const Function &fn) {
  if (std::string why = check_directory(fn.root); !why.empty())
    return why;
  std::error_code ec;
  if (*fn.settings.write)
    fs::create_directories(fn.dir, ec);
  struct stat st;
  // The function's directory must not be a planted link, nor another user's.
  if (::lstat(fn.dir.c_str(), &st) == 0 && (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()))
    return fn.dir + ": not a directory of this user";
  return {};
}

// Points fn.dir_fd at the directory now at fn.dir, if that is a directory of this user
// other than the one held; false if nothing changed. The caller holds fn.dir_mutex.
bool open_function_dir(Function &fn) {
  int fd = ::open(fn.dir.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (fd < 0)
    return false;
  if (::fstat(fd, &st) != 0 || st.st_uid != ::geteuid() ||
      (st.st_dev == fn.dir_dev && st.st_ino == fn.dir_ino)) {
    ::close(fd);
    return false;
  }
  fn.dir_dev = st.st_dev;
  fn.dir_ino = st.st_ino;
  // The descriptor replaced is left open, not closed: another thread may be inside
  // openat() with it, and a reused number would send that call elsewhere. One leaks per
  // replacement of the directory that this process notices.
  fn.dir_fd.store(fd, std::memory_order_release);
  return true;
}

// An entry file of fn.dir as the *at() calls take it: its name relative to fn.dir_fd,
// or its whole path when the directory is not held open.
struct EntryAt {
  int dir_fd;
  const char *name;
};
EntryAt entry_at(const Function &fn, const std::string &path) {
  const int held = fn.dir_fd.load(std::memory_order_acquire);
  if (held < 0)
    return {AT_FDCWD, path.c_str()};
  return {held, path.c_str() + fn.dir.size() + 1};
}

// Reads an entry through fn.dir_fd. An entry absent there may be present at fn.dir when
// the directory was removed and created again (`npcache clear`) since it was opened: then
// the descriptor is reopened and the read repeated. Misses pay that check; hits do not.
ReadResult read_from_dir(Function &fn, const std::string &path, const Expectation &expect,
                         DecodeFn decode, void *out) {
  const EntryAt at = entry_at(fn, path);
  ReadResult r = read_entry(at.dir_fd, at.name, expect, decode, out);
  if (r.status != ReadStatus::absent || at.dir_fd == AT_FDCWD)
    return r;
  std::unique_lock<std::mutex> lock(fn.dir_mutex);
  if (fn.dir_fd.load(std::memory_order_acquire) == at.dir_fd && !open_function_dir(fn))
    return r;
  lock.unlock();
  return read_entry(fn.dir_fd.load(std::memory_order_acquire), at.name, expect, decode, out);
}

// Once per function and process: checks the directories, maps the shared counters, and
// records this build's code version as the current one.
void set_up(Function &fn) {
  if (fn.code.digest != Key128{} && !fn.code.linked)
    log(LogLevel::warn, fn.name + ": linked without npcache-cxx: its key covers its own source file "
                                  "only, so edits in other files do not invalidate its entries");
  if (std::string why = directory_problem(fn); !why.empty()) {
    fn.cache->errors.fetch_add(1, std::memory_order_relaxed);
    log(LogLevel::warn, fn.name + ": not caching: " + why);
    return;
  }
  fn.usable = true;
  {
    std::lock_guard<std::mutex> lock(fn.dir_mutex);
    open_function_dir(fn);
  }
  const bool write = *fn.settings.write;
  fn.root_block = write ? root_block(fn.root) : nullptr;
  fn.counters = Mapped<FunctionBlock>::open(fn.dir + "/" + std::string(kCountersFileName), write);
  if (FunctionBlock *c = fn.counters.get()) {
    Key128 current = code_version(fn.code.digest, *fn.settings.version);
    atomic_store(c->current_low, current.low);
    atomic_store(c->current_high, current.high);
  }
}

void count(Function &fn, std::uint64_t FunctionBlock::*field, std::uint64_t now) {
  if (FunctionBlock *c = fn.counters.get()) {
    atomic_add(c->*field, 1);
    atomic_store(c->last_use_unix_ns, now);
  }
}
void count(Function &fn, std::uint64_t FunctionBlock::*field) {
  count(fn, field, coarse_now_unix_ns());
}

void note_hit(Function &fn, const Key128 &key, const std::string &path) {
  fn.cache->hits.fetch_add(1, std::memory_order_relaxed);
  const std::uint64_t now = coarse_now_unix_ns();
  count(fn, &FunctionBlock::hits, now);
  const std::uint64_t minute = now >> 36; // 2^36 ns is 69 s: LRU needs no finer time
  const std::uint64_t tag = (key.high ^ minute) | 1; // never 0, the empty slot
  std::atomic<std::uint64_t> &slot = fn.marked[key.low % Function::kMarkSlots];
  if (slot.load(std::memory_order_relaxed) == tag)
    return;
  slot.store(tag, std::memory_order_relaxed);
  const EntryAt at = entry_at(fn, path);
  mark_used(at.dir_fd, at.name);
}

// One process at a time brings the directory back under max_size, down to 90% of it so
// that passes are rare; the others go on, since an eviction pass is not urgent.
void enforce_max_size(Function &fn, std::uint64_t stored_bytes) {
  const std::uint64_t max_size = *fn.settings.max_size_bytes;
  Mapped<RootBlock> *root = fn.root_block;
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
  std::optional<PruneResult> result = eviction_pass(fn.root, root, rule, /*wait=*/false);
  if (result && log_enabled(LogLevel::info))
    log(LogLevel::info, fn.root + ": evicted " + std::to_string(result->removed) + " entries (" +
                            std::to_string(result->removed_bytes) + " bytes); " +
                            std::to_string(result->kept_bytes) + " bytes remain");
}

std::string dependency_path(const std::string &dir, const Key128 &code_digest) {
  return dir + "/" + code_digest.hex() + std::string(kDependencySuffix);
}

// Once per code version (not per entry: the list can be long), what explain compares.
void write_dependencies(Function &fn) {
  if (fn.code.dependencies.empty() || fn.dependencies_written.exchange(true))
    return;
  // A temporary named like an entry's, so that clear() finds it if this process dies here.
  std::string path = dependency_path(fn.dir, fn.code.digest), temp = fn.dir + "/" + temp_file_name();
  std::error_code ec;
  if (fs::exists(path, ec))
    return;
  std::FILE *out = std::fopen(temp.c_str(), "wb");
  if (out == nullptr)
    return; // explain loses detail; caching is unaffected
  bool ok = std::fwrite(fn.code.dependencies.data(), 1, fn.code.dependencies.size(), out) ==
            fn.code.dependencies.size();
  ok = std::fclose(out) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0)
    std::remove(temp.c_str());
}

std::string read_text(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
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
std::string why_absent(const Function &fn, const std::string &path) {
  std::string newest;
  fs::file_time_type newest_time;
  std::error_code ec;
  for (const auto &file : fs::directory_iterator(fn.dir, ec)) {
    std::error_code file_ec;
    if (!fs::is_regular_file(file.symlink_status(file_ec)) ||
        !is_entry_file(file.path().filename().string()) || file.path() == path)
      continue;
    fs::file_time_type time = file.last_write_time(file_ec);
    if (!file_ec && (newest.empty() || time > newest_time)) {
      newest = file.path().string();
      newest_time = time;
    }
  }
  if (newest.empty())
    return "no entry yet for this function";
  EntryHeader header;
  if (read_entry_header(newest, header).status != ReadStatus::ok)
    return "no entry for this key, and the newest entry is unreadable";
  const EntryMeta &before = header.meta;
  if (before.build_context != fn.code.build_context)
    return "the build context changed: was '" + before.build_context + "', now '" +
           fn.code.build_context + "'";
  if (before.version != *fn.settings.version)
    return "the version changed: was '" + before.version + "', now '" + *fn.settings.version + "'";
  if (before.code_digest != fn.code.digest) {
    std::string which = changed_dependencies(read_text(dependency_path(fn.dir, before.code_digest)),
                                             fn.code.dependencies);
    return "the code changed" + (which.empty() ? std::string() : ": " + which);
  }
  return "no entry for these arguments";
}

} // namespace

bool lookup(Function &fn, const Key128 &key, const std::string &readable, DecodeFn decode,
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
  if (!fn.usable)
    return miss({});
  thread_local std::string path; // reused: a hit allocates nothing for its path
  path.assign(fn.dir);
  path += '/';
  append_entry_file_name(path, key, readable);
  if (*fn.settings.refresh)
    return miss("refresh is on");
  Expectation expect{key, fn.meta_prefix, *fn.settings.max_age_seconds};
  ReadResult r = read_from_dir(fn, path, expect, decode, out);
  // Another caller may be computing this key: wait for it, then look again.
  if (r.status != ReadStatus::ok && *fn.settings.write && *fn.settings.lock_timeout_seconds > 0 &&
      lock.acquire(fn.dir + "/" + lock_file_name(key), *fn.settings.lock_timeout_seconds)) {
    ReadResult again = read_from_dir(fn, path, expect, decode, out);
    if (again.status == ReadStatus::ok || again.status == ReadStatus::absent)
      r = again; // a bad entry seen before waiting is still reported below
  }
  if (r.status == ReadStatus::ok) {
    note_hit(fn, key, path);
    if (log_enabled(LogLevel::debug))
      log(LogLevel::debug, fn.name + ": hit " + path);
    return true;
  }
  switch (r.status) {
  case ReadStatus::absent:
    return miss(log_enabled(LogLevel::explain) ? why_absent(fn, path) : std::string());
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

void store(Function &fn, const Key128 &key, const std::string &readable, EncodeFn encode,
           const void *value) noexcept {
  if (!*fn.settings.write || !fn.usable)
    return;
  std::string error;
  std::uint64_t bytes = 0;
  try {
    EntryHeader header;
    header.key = key;
    header.meta = EntryMeta{fn.name,        fn.signature,          readable,
                            fn.code.digest, fn.code.build_context, *fn.settings.version};
    error = write_entry(fn.dir, entry_file_name(key, readable), header, encode, value,
                        *fn.settings.compress, *fn.settings.level, &bytes);
    if (error.empty()) {
      count(fn, &FunctionBlock::stores);
      write_dependencies(fn);
      // A crashed writer of an earlier run may have left a temporary here.
      if (!fn.leftovers_checked.exchange(true))
        remove_leftovers(fn.dir);
      enforce_max_size(fn, bytes);
      return;
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
  fn->dir = fn->root + "/" + function_dir_name(fn->name, fn->signature);
  fn->plan.active = *fn->settings.enabled;
  fn->plan.readable = *fn->settings.key == KeyStyle::readable;
  fn->plan.identity = identity_digest(*fn);
  fn->meta_prefix = meta_prefix(fn->name, fn->signature);
  return fn;
}

Plan plan_of(const Function &fn) { return fn.plan; }

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

void Cache::clear() const { detail::clear_directory(state_->dir); }

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
  s.misses = state_->misses.load();
  s.errors = state_->errors.load();
  detail::Inventory inv = detail::take_inventory(state_->dir, false);
  s.entries = inv.entries.size();
  s.bytes = inv.bytes;
  return s;
}

} // namespace npcache
