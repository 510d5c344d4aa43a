#include "config.hpp"
#include "entry.hpp"
#include "log.hpp"
#include "names.hpp"

#include <npcache/generated.hpp>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <filesystem>

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
  EntryMeta before;
  if (read_entry_meta(newest, before).status != ReadStatus::ok)
    return "no entry for this key, and the newest entry is unreadable";
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

template <class Visit> void for_each_own_file(const std::string &dir, Visit visit) {
  std::error_code ec;
  for (const auto &sub : fs::directory_iterator(dir, ec)) {
    std::error_code sub_ec;
    // symlink_status: a planted link is neither descended into nor counted.
    if (!fs::is_directory(sub.symlink_status(sub_ec)) ||
        !is_function_dir(sub.path().filename().string()))
      continue;
    for (const auto &file : fs::directory_iterator(sub.path(), sub_ec)) {
      std::error_code file_ec;
      std::string name = file.path().filename().string();
      if (fs::is_regular_file(file.symlink_status(file_ec)) &&
          (is_entry_file(name) || is_temp_file(name) || is_dependency_file(name)))
        visit(file, is_entry_file(name));
    }
  }
}

} // namespace

bool lookup(Function &fn, const Key128 &key, const std::string &readable, DecodeFn decode,
            void *out) {
  CacheState &cache = *fn.cache;
  if (*fn.settings.refresh) {
    cache.misses.fetch_add(1, std::memory_order_relaxed);
    explain(fn, "refresh is on");
    return false;
  }
  thread_local std::string path; // reused: a hit allocates nothing for its path
  path.assign(fn.dir);
  path += '/';
  append_entry_file_name(path, key, readable);
  Expectation expect{key, fn.meta_prefix, *fn.settings.max_age_seconds};
  ReadResult r = read_entry(path, expect, decode, out);
  if (r.status == ReadStatus::ok) {
    cache.hits.fetch_add(1, std::memory_order_relaxed);
    if (log_enabled(LogLevel::debug))
      log(LogLevel::debug, fn.name + ": hit " + path);
    return true;
  }
  cache.misses.fetch_add(1, std::memory_order_relaxed);
  switch (r.status) {
  case ReadStatus::absent:
    if (log_enabled(LogLevel::explain))
      explain(fn, why_absent(fn, path));
    break;
  case ReadStatus::expired:
    explain(fn, "the entry is older than max_age (" + r.detail + ")");
    break;
  case ReadStatus::other_version:
    explain(fn, "the entry has " + r.detail);
    break;
  default:
    cache.errors.fetch_add(1, std::memory_order_relaxed);
    log(LogLevel::warn, path + ": " + to_string(r.status) + " entry (" + r.detail +
                            "); recomputing" + (*fn.settings.write ? " and replacing it" : ""));
    break;
  }
  return false;
}

void store(Function &fn, const Key128 &key, const std::string &readable, EncodeFn encode,
           const void *value) noexcept {
  if (!*fn.settings.write)
    return;
  std::string error;
  try {
    EntryHeader header;
    header.key = key;
    header.meta = EntryMeta{fn.name,        fn.signature,          readable,
                            fn.code.digest, fn.code.build_context, *fn.settings.version};
    error = write_entry(fn.dir, entry_file_name(key, readable), header, encode, value,
                        *fn.settings.compress, *fn.settings.level);
  } catch (const std::exception &e) {
    error = e.what();
  }
  if (error.empty()) {
    write_dependencies(fn);
    return;
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

Handle make_handle(const Cache &cache, std::string name, std::string signature,
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
  std::string root = function_dir ? absolute_dir(*s.dir) : state->dir;
  fn->settings = std::move(s);
  fn->dir = root + "/" + function_dir_name(fn->name, fn->signature);
  fn->plan.active = *fn->settings.enabled;
  fn->plan.readable = *fn->settings.key == KeyStyle::readable;
  fn->plan.identity = identity_digest(*fn);
  fn->meta_prefix = meta_prefix(fn->name, fn->signature);
  return Handle{fn, fn->plan};
}

const Cache &default_cache() {
  static const Cache cache;
  return cache;
}

} // namespace detail

void Cache::clear() const {
  detail::for_each_own_file(state_->dir, [](const fs::directory_entry &file, bool) {
    std::error_code ec;
    fs::remove(file.path(), ec);
  });
  std::error_code ec;
  for (const auto &sub : fs::directory_iterator(state_->dir, ec)) {
    std::error_code sub_ec;
    if (fs::is_directory(sub.symlink_status(sub_ec)) &&
        detail::is_function_dir(sub.path().filename().string()))
      fs::remove(sub.path(), sub_ec); // only if empty
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
  s.misses = state_->misses.load();
  s.errors = state_->errors.load();
  detail::for_each_own_file(state_->dir, [&s](const fs::directory_entry &file, bool entry) {
    std::error_code ec;
    if (!entry)
      return;
    ++s.entries;
    s.bytes += file.file_size(ec);
  });
  return s;
}

} // namespace npcache
