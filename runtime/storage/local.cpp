#include "local.hpp"

#include "../function.hpp"
#include "../log.hpp"
#include "../maintenance.hpp"
#include "../names.hpp"
#include "../scratch.hpp"
#include "memory.hpp"

#include <fcntl.h>
#include <map>
#include <optional>
#include <tuple>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace npcache::detail {

namespace {

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


// One per cache directory and tier, for the life of the process.
RemoteBlock *remote_block(const SafeDir &root, const std::string &tier) {
  static std::mutex mutex;
  static std::map<std::tuple<dev_t, ino_t, std::string>, std::unique_ptr<Mapped<RemoteBlock>>> blocks;
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Mapped<RemoteBlock>> &block = blocks[{root.device(), root.inode(), tier}];
  if (!block || !*block) {
    block = std::make_unique<Mapped<RemoteBlock>>(Mapped<RemoteBlock>::open(root, remote_counters_name(tier), true));
    if (RemoteBlock *b = block->get(); b != nullptr && b->tier[0] == '\0')
      std::snprintf(b->tier, sizeof b->tier, "%s", tier.c_str());
  }
  return *block ? block->get() : nullptr;
}

std::string dependency_name(const Key128 &code_digest) {
  return code_digest.hex() + std::string(kDependencySuffix);
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


} // namespace

void LocalFiles::place(std::string root, std::string dir_name) {
  root_ = std::move(root);
  dir_name_ = std::move(dir_name);
  dir_ = root_ + "/" + dir_name_;
}

// Opens the function's directory (and the cache directory above it) afresh, creating them
// if `create`, and makes it the one calls use, unless it is the one they already use; false
// if nothing changed. Says why once, if they cannot be trusted. Takes dir_mutex_.
bool LocalFiles::open_dir(bool create) {
  std::lock_guard<std::mutex> lock(dir_mutex_);
  std::string why;
  auto root = std::make_unique<SafeDir>(SafeDir::open_root(root_, trust_, create, why));
  auto dir = *root ? std::make_unique<SafeDir>(root->open_dir(dir_name_, create, why)) : nullptr;
  if (!why.empty()) {
    if (!write_warned_.exchange(true)) {
      fn_.cache->errors.fetch_add(1, std::memory_order_relaxed);
      log(LogLevel::warn, fn_.name + ": not caching: " + why);
    }
    usable_ = false;
    return false;
  }
  if (dir == nullptr || !*dir)
    return false; // not made yet: a read-only process waits for one that writes
  const SafeDir *current = dir_handle_.load(std::memory_order_acquire);
  if (current != nullptr && current->device() == dir->device() && current->inode() == dir->inode())
    return false;
  if (current == nullptr) // read by calls without the lock: set once, before the first use
    trust_ = root->trust();
  if (*fn_.settings.write) {
    root_block_.store(root_block(*root), std::memory_order_release);
    auto counters = std::make_unique<Mapped<FunctionBlock>>(Mapped<FunctionBlock>::open(*dir, kCountersFileName, true));
    if (FunctionBlock *c = counters->get()) {
      Key128 current = code_version(fn_.code.digest, *fn_.settings.version);
      atomic_store(c->current_low, current.low);
      atomic_store(c->current_high, current.high);
    }
    counters_.store(counters->get(), std::memory_order_release);
    mapped_.push_back(std::move(counters));
    dependencies_written_.store(false); // a new directory has no list yet
  }
  dir_fd_.store(dir->fd(), std::memory_order_release);
  dir_handle_.store(dir.get(), std::memory_order_release);
  root_dir_ = root.get();
  dirs_.push_back(std::move(dir));
  roots_.push_back(std::move(root));
  return true;
}

// Reads an entry through dir_fd_. An entry absent there may be present at dir_ when
// the directory was removed and created again (`npcache clear`) since it was opened: then
// the directory is opened again and the read repeated. Misses pay that check (one stat
// while dir_ still names the directory held); hits do not.
ReadResult LocalFiles::read(const std::string &name, const Expectation &expect, DecodeFn decode,
                            void *out) {
  const int dir_fd = dir_fd_.load(std::memory_order_acquire);
  ReadResult r = dir_fd >= 0 ? read_entry(dir_fd, &trust_, name.c_str(), expect, decode, out)
                             : ReadResult{ReadStatus::absent, {}};
  if (r.status != ReadStatus::absent)
    return r;
  const SafeDir *held = dir_handle_.load(std::memory_order_acquire);
  if ((held != nullptr && held->still_at(dir_)) || !open_dir(false))
    return r;
  return read_entry(dir_fd_.load(std::memory_order_acquire), &trust_, name.c_str(), expect, decode, out);
}

void LocalFiles::set_up() {
  if (fn_.code.digest != Key128{} && !fn_.code.linked)
    log(LogLevel::warn, fn_.name + ": linked without npcache-cxx: its key covers its own source file "
                                  "only, so edits in other files do not invalidate its entries");
  trust_.sharing = *fn_.settings.shared;
  if (*fn_.settings.small_store_bytes != 0) {
    std::string error;
    small_meta_ = encode_meta(EntryMeta{fn_.name, fn_.signature, {}, fn_.code.digest, fn_.code.build_context,
                                        *fn_.settings.version},
                              error);
    small_meta_id_ = meta_id(small_meta_.data(), small_meta_.size());
  }
  code_version_ = code_version(fn_.code.digest, *fn_.settings.version);
  usable_ = true;
  open_dir(*fn_.settings.write);
}

void LocalFiles::count(std::uint64_t FunctionBlock::*field, std::uint64_t now) {
  if (FunctionBlock *c = counters_.load(std::memory_order_acquire)) {
    atomic_add(c->*field, 1);
    atomic_store(c->last_use_unix_ns, now);
  }
}
RemoteBlock *LocalFiles::remote_counters(const std::string &tier) {
  const SafeDir *root = nullptr;
  {
    std::lock_guard<std::mutex> lock(dir_mutex_);
    root = root_dir_;
  }
  return root != nullptr && *fn_.settings.write ? remote_block(*root, tier) : nullptr;
}

void LocalFiles::count_miss() { count(&FunctionBlock::misses, coarse_now_unix_ns()); }

void LocalFiles::note_hit(const Key128 &key, const std::string &name, SmallStore *small, std::uint64_t now) {
  fn_.cache->hits.fetch_add(1, std::memory_order_relaxed);
  count(&FunctionBlock::hits, now);
  const std::uint64_t minute = now >> 36; // 2^36 ns is 69 s: LRU needs no finer time
  const std::uint64_t tag = (key.high ^ minute) | 1; // never 0, the empty slot
  std::atomic<std::uint64_t> &slot = marked_[key.low % kMarkSlots];
  if (slot.load(std::memory_order_relaxed) == tag)
    return;
  slot.store(tag, std::memory_order_relaxed);
  const bool file = !name.empty();
  if (file && small == nullptr)
    small = index_store();
  // A file's mark is compared with the precise times its index records carry (a coarse
  // clock can lag a store made after the hit by a tick); once a minute per key, it can
  // afford reading the precise one.
  if ((small == nullptr || !small->mark_used(key, file ? now_unix_ns() : now, file)) && file)
    mark_used(dir_fd_.load(std::memory_order_acquire), name.c_str()); // a file the index misses
}

// The store whose index names this directory's files, for marking a file's use: opened
// once if this process has not opened it for its own reasons.
SmallStore *LocalFiles::index_store() {
  SmallStore *small = small_.load(std::memory_order_acquire);
  if (small == nullptr && !index_looked_.exchange(true))
    small = open_small(false);
  return small;
}

// One process at a time brings the directory back under max_size, down to 90% of it so
// that passes are rare; the others go on, since an eviction pass is not urgent.
void LocalFiles::enforce_max_size(std::uint64_t stored_bytes) {
  const std::uint64_t max_size = *fn_.settings.max_size_bytes;
  Mapped<RootBlock> *root = root_block_.load(std::memory_order_acquire);
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
    std::lock_guard<std::mutex> lock(dir_mutex_);
    result = eviction_pass(*root_dir_, root, rule, /*wait=*/false);
  }
  if (result && log_enabled(LogLevel::info))
    log(LogLevel::info, root_ + ": evicted " + std::to_string(result->removed) + " entries (" +
                            std::to_string(result->removed_bytes) + " bytes); " +
                            std::to_string(result->kept_bytes) + " bytes remain");
}


// Once per code version (not per entry: the list can be long), what explain compares.
void LocalFiles::write_dependencies(const SafeDir &dir) {
  if (fn_.code.dependencies.empty() || dependencies_written_.exchange(true))
    return;
  const std::string name = dependency_name(fn_.code.digest);
  struct stat st;
  if (::fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
    return;
  // A temporary named like an entry's, so that clear() finds it if this process dies here.
  const std::string temp = temp_file_name();
  int fd = dir.create(temp.c_str(), O_WRONLY);
  if (fd < 0)
    return; // explain loses detail; caching is unaffected
  const std::string &text = fn_.code.dependencies;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok || !dir.rename(temp.c_str(), name.c_str()))
    dir.unlink(temp.c_str());
}

// A dependency list, if npcache wrote it.
std::string LocalFiles::read_dependencies(const Key128 &code_digest) const {
  std::string why, text;
  int fd = dir_handle_.load()->open_trusted(dependency_name(code_digest).c_str(), O_RDONLY, why);
  if (fd < 0)
    return {};
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return text;
}

SmallStore *LocalFiles::open_small(bool create) {
  if (*fn_.settings.small_store_bytes == 0)
    return nullptr;
  std::lock_guard<std::mutex> lock(dir_mutex_);
  const SafeDir *dir = dir_handle_.load(std::memory_order_acquire);
  SmallStore *small = small_.load(std::memory_order_acquire);
  if (dir == nullptr)
    return nullptr;
  if (small != nullptr && small->in_this_process() && small->still_in(*dir))
    return small;
  std::string why;
  small = SmallStore::open(*dir, create && *fn_.settings.write, why);
  if (!why.empty() && !small_warned_.exchange(true))
    log(LogLevel::warn, fn_.name + ": small entries go to files: " + why);
  small_.store(small, std::memory_order_release);
  return small;
}

namespace {
// Whether this thread's last find() answered from the small store, for where(): the
// lookup asks it right after, on the same thread.
thread_local bool t_found_small = false;
} // namespace

ReadResult LocalFiles::find(const Request &request, void *out) {
  t_found_small = false;
  if (!usable_)
    return ReadResult{ReadStatus::absent, {}};
  const Expectation expect{request.key, fn_.meta_prefix, *fn_.settings.max_age_seconds};
  const std::uint64_t now = coarse_now_unix_ns(); // one clock read per call, hit or miss
  auto find_small = [&](SmallStore *small) {
    ReadResult r{ReadStatus::absent, {}};
    small->get(request.key, [&](const unsigned char *bytes, std::size_t size) {
      r = read_compact(request.key, bytes, size, small_meta_id_, expect.max_age_seconds, request.ops.decode, out);
      t_found_small = true;
    });
    if (r.status == ReadStatus::ok)
      note_hit(request.key, {}, small, now);
    return r;
  };
  SmallStore *small = small_.load(std::memory_order_acquire);
  if (small != nullptr) {
    // Hits make no system call, so a store deleted under this process (rm -rf of the
    // cache directory) is noticed by looking, once a second.
    if (!small->in_this_process() || now - small_checked_ns_.load(std::memory_order_relaxed) > kSmallRecheckNs) {
      small_checked_ns_.store(now, std::memory_order_relaxed);
      small = open_small(false);
    }
  }
  if (small != nullptr) {
    ReadResult r = find_small(small);
    if (r.status != ReadStatus::absent)
      return r;
  }
  Scratch<std::string> scratch; // reused: a hit allocates nothing for the entry's name
  std::string &name = scratch.get();
  name.clear();
  append_entry_file_name(name, request.key, request.readable);
  ReadResult r = read(name, expect, request.ops.decode, out);
  if (r.status == ReadStatus::ok)
    note_hit(request.key, name, nullptr, now);
  // Absent from both: the store may have been made (by another process) or replaced
  // (npcache clear) since this process looked; a miss can afford the stat that tells.
  if (r.status == ReadStatus::absent && *fn_.settings.small_store_bytes != 0) {
    SmallStore *current = open_small(false);
    if (current != nullptr && current != small)
      r = find_small(current);
  }
  return r;
}

std::string LocalFiles::where(const Request &request) const {
  // Entries of the store are named as `npcache list` names them.
  return dir_ + (t_found_small ? "/" + std::string(kSmallStoreName) + "/" : "/") +
         entry_file_name(request.key, request.readable);
}

bool LocalFiles::lock(const Request &request, MissLock &lock) {
  const int dir_fd = dir_fd_.load(std::memory_order_acquire);
  return usable_ && *fn_.settings.write && *fn_.settings.lock_timeout_seconds > 0 && dir_fd >= 0 &&
         lock.acquire(dir_fd, request.key, trust_.sharing == Sharing::group,
                      *fn_.settings.lock_timeout_seconds);
}

std::string LocalFiles::why_absent(const Request &request) const {
  if (!usable_)
    return {};
  const std::string missing = entry_file_name(request.key, request.readable);
  const SafeDir *dir = dir_handle_.load(std::memory_order_acquire);
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
  EntryHeader header;
  ReadResult small_header; // the newest entry's, when the small store holds it
  if (SmallStore *small = small_.load(std::memory_order_acquire); small != nullptr && small->in_this_process())
    small->list([&](const SmallStore::Item &item) {
      if (item.key != request.key && (newest.empty() || item.last_use_unix_ns > newest_time)) {
        newest = "small";
        newest_time = item.last_use_unix_ns;
        small_header = read_compact_header(item.key, item.bytes, item.size, item.meta, item.meta_size, header);
      }
    });
  if (newest.empty())
    return "no entry yet for this function";
  ReadResult r = newest == "small" ? small_header : read_entry_header(dir->fd(), &trust_, newest.c_str(), header);
  if (r.status != ReadStatus::ok)
    return "no entry for this key, and the newest entry is unreadable";
  const EntryMeta &before = header.meta;
  if (before.build_context != fn_.code.build_context)
    return "the build context changed: was '" + before.build_context + "', now '" +
           fn_.code.build_context + "'";
  if (before.version != *fn_.settings.version)
    return "the version changed: was '" + before.version + "', now '" + *fn_.settings.version + "'";
  if (before.code_digest != fn_.code.digest) {
    std::string which = changed_dependencies(read_dependencies(before.code_digest), fn_.code.dependencies);
    return "the code changed" + (which.empty() ? std::string() : ": " + which);
  }
  return "no entry for these arguments";
}

// A crashed writer of an earlier run may have left a temporary here: the first store of a
// process looks, whichever store it goes to (a process whose stores were all small left
// large values' temporaries in place).
void LocalFiles::remove_leftovers_once(const SafeDir &dir) {
  if (!leftovers_checked_.exchange(true))
    remove_leftovers(dir);
}

// Records a file just written in the index, so that eviction passes need not open it. A
// file left out (no store, a failed write, a crash before this) is read and added by the
// next pass instead.
void LocalFiles::index_file(const Key128 &key, std::uint64_t bytes, std::uint64_t created_unix_ns) {
  if (SmallStore *small = open_small(true)) {
    SmallStore::Room room;
    small->index_file(SmallStore::FileRecord{key, bytes, created_unix_ns, code_version_, created_unix_ns}, &room);
    count_room(room);
  }
}

// Entries the small store removed to stay within its budget count as evictions.
void LocalFiles::count_room(const SmallStore::Room &room) {
  if (room.removed == 0)
    return;
  if (Mapped<RootBlock> *root = root_block_.load(std::memory_order_acquire))
    atomic_add(root->get()->evictions, room.removed);
  log(LogLevel::info, fn_.name + ": the small-entry store passed its budget; removed its " +
                          std::to_string(room.removed) + " least recently used entries");
}

// Keeps a result whose entry is small in the small-entry store; false if it is not small,
// or the store cannot take it (the caller then writes a file).
bool LocalFiles::keep_small(const Request &request, const void *value) {
  const std::uint64_t limit = *fn_.settings.small_store_bytes;
  if (limit == 0 || small_meta_.empty() || encoded_size(request.ops.encode, value) + kCompactHeaderSize > limit)
    return false;
  const std::uint64_t now = coarse_now_unix_ns();
  Scratch<std::vector<unsigned char>> scratch;
  std::vector<unsigned char> &bytes = scratch.get();
  if (!encode_compact(request.key, small_meta_id_, now_unix_ns(), request.raised_fp, request.ops.encode, value, bytes)
           .empty())
    return false;
  SmallStore *small = open_small(true);
  if (small == nullptr)
    return false;
  SmallStore::Room room;
  const std::string error = small->put(request.key, bytes.data(), bytes.size(), small_meta_, now, &room);
  count_room(room);
  if (!error.empty()) {
    if (!small_warned_.exchange(true))
      log(LogLevel::warn, fn_.name + ": " + error + "; small entries go to files");
    return false;
  }
  count(&FunctionBlock::stores, now);
  if (const SafeDir *dir = dir_handle_.load(std::memory_order_acquire))
    write_dependencies(*dir);
  enforce_max_size(bytes.size() + kSmallEntryOverhead);
  return true;
}

void LocalFiles::keep(const Request &request, const void *value, const ReadResult *loaded) noexcept {
  (void)loaded; // the nearest persistent tier: nothing nearer loads results for it
  if (!*fn_.settings.write || !usable_)
    return;
  const Key128 &key = request.key;
  const std::string &readable = request.readable;
  std::string error;
  std::uint64_t bytes = 0;
  try {
    EntryHeader header;
    header.key = key;
    header.raised_fp = request.raised_fp;
    header.meta = EntryMeta{fn_.name,        fn_.signature,          readable,
                            fn_.code.digest, fn_.code.build_context, *fn_.settings.version};
    const std::string name = entry_file_name(key, readable);
    // The directory may have been removed since it was opened (npcache clear): made again.
    for (int attempt = 0; attempt < 2; ++attempt) {
      const SafeDir *dir = dir_handle_.load(std::memory_order_acquire);
      if (dir == nullptr) {
        error = "the cache directory cannot be made";
      } else if (keep_small(request, value)) {
        remove_leftovers_once(*dir);
        return;
      } else {
        header.created_unix_ns = now_unix_ns(); // for the index too
        error = write_entry(*dir, name, header, request.ops.encode, value, *fn_.settings.compress, *fn_.settings.level, &bytes);
        if (error.empty()) {
          index_file(key, bytes, header.created_unix_ns);
          count(&FunctionBlock::stores, coarse_now_unix_ns());
          write_dependencies(*dir);
          remove_leftovers_once(*dir);
          enforce_max_size(bytes);
          return;
        }
      }
      if (attempt == 0 && !open_dir(true))
        break;
    }
  } catch (const std::exception &e) {
    error = e.what();
  }
  fn_.cache->errors.fetch_add(1, std::memory_order_relaxed);
  // Logged once per function: a full disk would otherwise print on every call.
  if (!write_warned_.exchange(true))
    log(LogLevel::warn, fn_.name + ": " + error + "; results are returned but not cached");
}

} // namespace npcache::detail
