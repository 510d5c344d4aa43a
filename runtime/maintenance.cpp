#include "maintenance.hpp"
#include "names.hpp"

#include <map>
#include <unordered_map>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace npcache::detail {

namespace {

constexpr std::uint64_t kNsPerSecond = 1'000'000'000ull;
constexpr std::uint64_t kLeftoverAgeNs = 3600 * kNsPerSecond;

std::uint64_t time_ns(const struct timespec &t) {
  return static_cast<std::uint64_t>(t.tv_sec) * kNsPerSecond + static_cast<std::uint64_t>(t.tv_nsec);
}

bool process_gone(long pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

// Whether `name` in `dir` is a file that the directory's trust accepts and that starts
// with `magic` (`magic_size` bytes of it).
bool starts_with(const SafeDir &dir, const char *name, const void *magic, std::size_t magic_size) {
  std::string why;
  int fd = dir.open_trusted(name, O_RDONLY | O_NOATIME, why);
  if (fd < 0)
    fd = why.empty() ? dir.open_trusted(name, O_RDONLY, why) : -1;
  if (fd < 0)
    return false;
  unsigned char head[16];
  bool match = magic_size <= sizeof head &&
               ::pread(fd, head, magic_size, 0) == static_cast<ssize_t>(magic_size) &&
               std::memcmp(head, magic, magic_size) == 0;
  ::close(fd);
  return match;
}

bool trusted_file(const SafeDir &dir, const struct stat &st) {
  return S_ISREG(st.st_mode) && dir.trust().refusal(st, false).empty();
}

// Unlinks a lock file of an earlier version (one file per key, flock) only while holding
// it, so that a waiter of that version notices (its inode check fails) and retries.
bool remove_unheld_lock(const SafeDir &dir, const char *name) {
  std::string why;
  int fd = dir.open_trusted(name, O_RDONLY, why);
  if (fd < 0)
    return false;
  bool removed = ::flock(fd, LOCK_EX | LOCK_NB) == 0 && dir.unlink(name);
  ::close(fd);
  return removed;
}

// A temporary or a lock file, which remove_leftovers() looks at more closely.
bool may_be_leftover(const std::string &name, const struct stat &st) {
  return S_ISREG(st.st_mode) && (is_temp_file(name) || is_lock_file(name));
}

// Keeps of a header what EntryInfo holds, and names its function after it.
void keep_header(EntryInfo &e, FunctionInfo &fn, ReadStatus status, const EntryHeader &header) {
  e.header_status = status;
  if (status != ReadStatus::ok)
    return;
  e.code_version = code_version(header.meta.code_digest, header.meta.version);
  e.created_unix_ns = header.created_unix_ns;
  e.arguments = header.meta.readable;
  if (fn.signature.empty()) {
    fn.name = header.meta.function;
    fn.signature = header.meta.signature;
  }
}

void read_headers(Inventory &inv, const Progress &progress) {
  EntryHeader header;
  for (std::size_t i = 0; i < inv.entries.size(); ++i) {
    EntryInfo &e = inv.entries[i];
    FunctionInfo &fn = inv.functions[e.function];
    if (!e.small && !e.indexed) // the small store's were read as it was listed; the index has the rest
      keep_header(e, fn, read_entry_header(fn.handle->fd(), &fn.handle->trust(), e.name.c_str(), header).status,
                  header);
    if (progress && (i % 256 == 255 || i + 1 == inv.entries.size()))
      progress(i + 1, inv.entries.size());
  }
  // Without counters, the version of the most recently used entry stands for the current
  // one, and that entry's use for the function's last use.
  auto used = [&](FunctionInfo &fn, const Key128 &version, std::uint64_t last_use) {
    if (fn.has_counters)
      return;
    if (!fn.has_current || last_use > fn.counters.last_use_unix_ns) {
      fn.current = version;
      fn.has_current = true;
      fn.counters.last_use_unix_ns = last_use;
    }
  };
  for (const EntryInfo &e : inv.entries)
    if (e.header_status == ReadStatus::ok)
      used(inv.functions[e.function], e.code_version, e.last_use_unix_ns);
  for (FunctionInfo &fn : inv.functions)
    if (!fn.small_versions.empty())
      used(fn, fn.small_last_version, fn.small_last_use_unix_ns);
  for (EntryInfo &e : inv.entries) {
    const FunctionInfo &fn = inv.functions[e.function];
    e.stale = e.header_status == ReadStatus::ok && fn.has_current && e.code_version != fn.current;
  }
}

// Whether npcache wrote the entry: its header is npcache's, whatever else is wrong with it.
bool written_by_npcache(ReadStatus status) {
  return status != ReadStatus::foreign && status != ReadStatus::untrusted &&
         status != ReadStatus::unreadable && status != ReadStatus::absent;
}

// Keys are hashes already: their low half spreads as well as any hash of it would.
struct KeyLow {
  std::size_t operator()(const Key128 &key) const { return static_cast<std::size_t>(key.low); }
};
using FileIndex = std::unordered_map<Key128, SmallStore::FileRecord, KeyLow>;

} // namespace

bool is_function_dir_of_npcache(const SafeDir &dir) {
  return starts_with(dir, std::string(kCountersFileName).c_str(), &kFunctionMagic, sizeof kFunctionMagic);
}

void FunctionInfo::count_small(const Key128 &version, std::uint64_t last_use_unix_ns) {
  auto same = std::find_if(small_versions.begin(), small_versions.end(),
                           [&](const auto &counted) { return counted.first == version; });
  if (same == small_versions.end())
    same = small_versions.insert(same, {version, 0});
  ++same->second;
  if (last_use_unix_ns >= small_last_use_unix_ns) {
    small_last_use_unix_ns = last_use_unix_ns;
    small_last_version = version;
  }
}

std::uint64_t FunctionInfo::stale_small() const {
  std::uint64_t stale = 0;
  for (const auto &[version, count] : small_versions)
    stale += has_current && version != current ? count : 0;
  return stale;
}

Inventory take_inventory(const SafeDir &root, bool with_headers, const Progress &progress, bool from_index,
                         bool count_small) {
  Inventory inv;
  root.list([&](const std::string &sub, const struct stat &sub_st) {
    if (!S_ISDIR(sub_st.st_mode) || !is_function_dir(sub))
      return;
    std::string why;
    SafeDir dir = root.open_dir(sub, false, why);
    if (!dir) {
      inv.skipped.push_back(root.path() + "/" + sub + ": " + why);
      return;
    }
    if (!is_function_dir_of_npcache(dir)) {
      inv.skipped.push_back(dir.path() + ": not a directory npcache made");
      return;
    }
    std::size_t index = inv.functions.size();
    FunctionInfo &fn = inv.functions.emplace_back();
    fn.dir = dir.path();
    fn.dir_name = sub;
    fn.name = sub;
    fn.handle = std::make_shared<SafeDir>(std::move(dir));
    if (auto counters = Mapped<FunctionBlock>::open(*fn.handle, kCountersFileName, false)) {
      const FunctionBlock &c = *counters.get();
      fn.has_counters = true;
      for (auto [to, from] : {std::pair{&fn.counters.hits, &c.hits}, {&fn.counters.misses, &c.misses},
                              {&fn.counters.stores, &c.stores},
                              {&fn.counters.last_use_unix_ns, &c.last_use_unix_ns},
                              {&fn.counters.current_low, &c.current_low},
                              {&fn.counters.current_high, &c.current_high}})
        *to = atomic_load(*from);
      fn.current = Key128{fn.counters.current_low, fn.counters.current_high};
      fn.has_current = fn.current != Key128{};
    }
    std::string small_why;
    fn.small = SmallStore::open(*fn.handle, false, small_why);
    if (!small_why.empty())
      inv.skipped.push_back(small_why);
    // The index before the names: a file stored in between is met unindexed and read, and
    // reindex() leaves its writer's record alone.
    FileIndex files;
    if (fn.small != nullptr)
      fn.small->list_files([&](const SmallStore::FileRecord &r) { files.emplace(r.key, r); });
    fn.indexed = from_index && fn.small != nullptr;
    if (fn.small != nullptr) // its files and small entries: growing by doubling faults pages in twice
      inv.entries.reserve(inv.entries.size() + (count_small ? files.size() : fn.small->size_hint()));
    // An entry file: from its index record `record` if it has one, else from `st`.
    auto take_file = [&](const std::string &name, const Key128 &key, FileIndex::iterator record,
                         const struct stat *st) {
      EntryInfo &e = inv.entries.emplace_back();
      e.name = name;
      e.function = index;
      e.key = key;
      if (record != files.end()) {
        const SmallStore::FileRecord &r = record->second;
        e.bytes = st != nullptr ? static_cast<std::uint64_t>(st->st_size) : r.bytes;
        e.last_use_unix_ns = r.last_use_unix_ns;
        if (fn.indexed) {
          e.indexed = true;
          e.code_version = r.code_version;
          e.created_unix_ns = r.created_unix_ns;
        }
        files.erase(record); // a record names one file
      } else {
        e.bytes = static_cast<std::uint64_t>(st->st_size);
        e.last_use_unix_ns = last_use_unix_ns(*st);
      }
      ++fn.entries;
      fn.bytes += e.bytes;
      inv.bytes += e.bytes;
    };
    auto take = [&](const std::string &name, const struct stat &st) {
      if (may_be_leftover(name, st))
        fn.leftovers.push_back(FunctionInfo::Leftover{name, st});
      Key128 key;
      if (S_ISREG(st.st_mode) && is_entry_file(name))
        take_file(name, key, entry_file_key(name, key) ? files.find(key) : files.end(), &st);
    };
    if (fn.indexed) {
      // Names only: what the index holds needs no stat; the rest (files it missed, and
      // what may be a leftover) gets one.
      fn.handle->list_names([&](const std::string &name, unsigned char type) {
        Key128 key;
        if (type == DT_REG && entry_file_key(name, key))
          if (auto record = files.find(key); record != files.end())
            return take_file(name, key, record, nullptr);
        struct stat st;
        if ((type == DT_REG || type == DT_UNKNOWN) && (is_entry_file(name) || is_temp_file(name) || is_lock_file(name)) &&
            ::fstatat(fn.handle->fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
          take(name, st);
      });
      for (const auto &[key, record] : files)
        fn.gone.push_back(key);
    } else {
      fn.handle->list(take);
    }
    if (fn.small == nullptr)
      return;
    MetaMemo memo;
    EntryHeader header;
    EntryInfo counted; // with count_small: each entry in turn
    fn.small->list([&](const SmallStore::Item &item) {
      ++fn.entries;
      fn.bytes += item.size + kSmallEntryOverhead;
      inv.bytes += item.size + kSmallEntryOverhead;
      EntryInfo &e = count_small ? counted : inv.entries.emplace_back();
      if (!count_small) {
        e.name = entry_file_name(item.key, {});
        e.small = true;
        e.key = item.key;
        e.function = index;
        e.bytes = item.size + kSmallEntryOverhead;
        e.last_use_unix_ns = item.last_use_unix_ns;
      }
      if (with_headers || count_small) { // here, while the bytes are mapped; read_headers() does the rest
        keep_header(
            e, fn,
            read_compact_header(item.key, item.bytes, item.size, item.meta, item.meta_size, header, nullptr, &memo)
                .status,
            header);
        if (count_small && e.header_status == ReadStatus::ok)
          fn.count_small(e.code_version, item.last_use_unix_ns);
      }
    });
  });
  if (with_headers)
    read_headers(inv, progress);
  return inv;
}

ClearResult clear_directory(const SafeDir &root) {
  ClearResult result;
  const std::uint64_t magic_size = 8;
  root.list([&](const std::string &sub, const struct stat &sub_st) {
    if (!S_ISDIR(sub_st.st_mode) || !is_function_dir(sub))
      return;
    std::string why;
    SafeDir dir = root.open_dir(sub, false, why);
    if (!dir || !is_function_dir_of_npcache(dir)) {
      result.left.push_back(root.path() + "/" + sub + ": " + (why.empty() ? "not a directory npcache made" : why));
      return;
    }
    std::string small_why;
    if (SmallStore *small = SmallStore::open(dir, false, small_why)) {
      // Emptied first: a process that has it open goes on with the file it mapped, and
      // must find nothing there; it opens the new one at its next miss.
      std::uint64_t bytes = 0;
      result.removed_entries += small->remove_all(bytes);
      result.removed_bytes += bytes;
    }
    bool counters = false;
    dir.list([&](const std::string &name, const struct stat &st) {
      const std::string path = dir.path() + "/" + name;
      if (name == kCountersFileName) {
        counters = true; // last: it marks the directory as npcache's until the end
        return;
      }
      bool ours = trusted_file(dir, st) &&
                  ((is_entry_file(name) && starts_with(dir, name.c_str(), kEntryMagic, magic_size)) ||
                   is_temp_file(name) || is_dependency_file(name) || is_lock_file(name) ||
                   name == kLocksFileName || name == kSmallStoreName || name == kSmallLockName ||
                   name == kSmallBootName);
      if (ours && dir.unlink(name.c_str())) {
        if (is_entry_file(name)) {
          ++result.removed_entries;
          result.removed_bytes += static_cast<std::uint64_t>(st.st_size);
        }
      } else if (!ours) {
        result.left.push_back(path + ": not written by npcache");
      }
    });
    if (counters)
      dir.unlink(std::string(kCountersFileName).c_str());
    if (root.rmdir(sub.c_str()))
      ++result.removed_directories;
  });
  // The input files' digests: a memo, rebuilt by reading the files again.
  std::string why;
  if (SafeDir inputs = root.open_dir(std::string(kInputsDirName), false, why)) {
    inputs.list([&](const std::string &name, const struct stat &st) {
      bool ours = trusted_file(inputs, st) &&
                  (is_temp_file(name) || starts_with(inputs, name.c_str(), kInputRecordMagic, sizeof kInputRecordMagic));
      if (!ours || !inputs.unlink(name.c_str()))
        result.left.push_back(inputs.path() + "/" + name + (ours ? "" : ": not written by npcache"));
    });
    if (root.rmdir(std::string(kInputsDirName).c_str()))
      ++result.removed_directories;
  }
  root.list([&](const std::string &name, const struct stat &st) {
    if (name.rfind(kRemoteCountersPrefix, 0) == 0 && trusted_file(root, st) &&
        starts_with(root, name.c_str(), &kRemoteMagic, sizeof kRemoteMagic))
      root.unlink(name.c_str());
  });
  const std::string root_file(kRootFileName);
  if (starts_with(root, root_file.c_str(), &kRootMagic, sizeof kRootMagic))
    root.unlink(root_file.c_str());
  std::sort(result.left.begin(), result.left.end());
  return result;
}

std::uint64_t remove_leftovers(const SafeDir &dir, const std::vector<FunctionInfo::Leftover> &candidates) {
  std::uint64_t removed = 0;
  const std::uint64_t now = now_unix_ns();
  for (const auto &[name, st] : candidates) {
    if (!trusted_file(dir, st))
      continue;
    bool old = now > time_ns(st.st_mtim) + kLeftoverAgeNs;
    if (is_temp_file(name) && (old || process_gone(temp_file_pid(name))))
      removed += dir.unlink(name.c_str());
    else if (is_lock_file(name))
      removed += remove_unheld_lock(dir, name.c_str());
  }
  return removed;
}

std::uint64_t remove_leftovers(const SafeDir &dir) {
  std::vector<FunctionInfo::Leftover> candidates;
  dir.list([&](const std::string &name, const struct stat &st) {
    if (may_be_leftover(name, st))
      candidates.push_back(FunctionInfo::Leftover{name, st});
  });
  return remove_leftovers(dir, candidates);
}

namespace {

// Brings each function's index up to date after a pass: adds the files it missed that
// hold a good header, and forgets the files that were gone or were just removed.
void update_indexes(Inventory &inv, const std::vector<bool> &removed_files) {
  std::vector<std::vector<SmallStore::FileRecord>> add(inv.functions.size());
  for (std::size_t i = 0; i < inv.entries.size(); ++i) {
    const EntryInfo &e = inv.entries[i];
    FunctionInfo &fn = inv.functions[e.function];
    if (!fn.indexed || e.small)
      continue;
    if (removed_files[i])
      fn.gone.push_back(e.key);
    else if (!e.indexed && e.header_status == ReadStatus::ok && e.key != Key128{})
      add[e.function].push_back(
          SmallStore::FileRecord{e.key, e.bytes, e.created_unix_ns, e.code_version, e.last_use_unix_ns});
  }
  for (std::size_t f = 0; f < inv.functions.size(); ++f)
    if (!add[f].empty() || !inv.functions[f].gone.empty())
      inv.functions[f].small->reindex(add[f], inv.functions[f].gone);
}

} // namespace

PruneResult prune(const SafeDir &root, const PruneRule &rule, const Progress &progress) {
  PruneResult result;
  Inventory inv = take_inventory(root, true, progress, /*from_index=*/true);
  const std::uint64_t now = now_unix_ns();
  auto age_s = [now](std::uint64_t then) { return (now - std::min(now, then)) / kNsPerSecond; };
  auto by_rule = [&](const EntryInfo &e) {
    return (rule.stale && e.stale) ||
           (rule.unused_for_seconds > 0 &&
            age_s(e.last_use_unix_ns) >= static_cast<std::uint64_t>(rule.unused_for_seconds)) ||
           (rule.older_than_seconds > 0 && e.header_status == ReadStatus::ok &&
            age_s(e.created_unix_ns) >= static_cast<std::uint64_t>(rule.older_than_seconds));
  };
  // Removal order for the size bound: bad headers, stale, then least recently used. Files
  // that npcache did not write are not its to remove, and do not count.
  std::vector<std::size_t> order;
  std::uint64_t remaining = 0;
  for (std::size_t i = 0; i < inv.entries.size(); ++i)
    if (written_by_npcache(inv.entries[i].header_status)) {
      order.push_back(i);
      remaining += inv.entries[i].bytes;
    }
  auto rank = [&](const EntryInfo &e) { return e.header_status != ReadStatus::ok ? 0 : e.stale ? 1 : 2; };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const EntryInfo &x = inv.entries[a], &y = inv.entries[b];
    return std::make_pair(rank(x), x.last_use_unix_ns) < std::make_pair(rank(y), y.last_use_unix_ns);
  });
  std::map<std::size_t, std::vector<std::size_t>> small_removals; // entries, by function: a transaction each
  std::vector<bool> removed_files(inv.entries.size());
  for (std::size_t i : order) {
    const EntryInfo &e = inv.entries[i];
    bool over = rule.max_size_bytes != 0 && remaining > rule.max_size_bytes;
    if (!over && !by_rule(e))
      continue;
    if (e.small)
      small_removals[e.function].push_back(i);
    else if (!inv.functions[e.function].handle->unlink(e.name.c_str()))
      continue;
    else
      removed_files[i] = true;
    ++result.removed;
    result.removed_bytes += e.bytes;
    remaining -= e.bytes;
  }
  for (const auto &[function, entries] : small_removals) {
    std::vector<Key128> keys;
    for (std::size_t i : entries)
      keys.push_back(inv.entries[i].key);
    // Removed meanwhile by another process is removed all the same; only a failed
    // transaction keeps them, and then they count as kept.
    if (inv.functions[function].small->remove(keys) != 0)
      continue;
    for (std::size_t i : entries) {
      --result.removed;
      result.removed_bytes -= inv.entries[i].bytes;
      remaining += inv.entries[i].bytes;
    }
  }
  result.kept = order.size() - result.removed;
  result.kept_bytes = remaining;
  update_indexes(inv, removed_files);
  for (const FunctionInfo &fn : inv.functions)
    result.leftovers += remove_leftovers(*fn.handle, fn.leftovers);
  return result;
}

namespace {

// Decodes nothing: returns the payload's bytes into the std::vector at `out`, or, with
// none, only reads them (in bounded memory), which checks them.
void collect_payload(Source &in, void *out) {
    if (out != nullptr) {
      auto *bytes = static_cast<std::vector<unsigned char> *>(out);
      bytes->resize(static_cast<std::size_t>(in.remaining()));
      in.read(bytes->data(), bytes->size());
      return;
    }
    std::vector<unsigned char> chunk(1 << 20);
    while (in.remaining() != 0)
      in.read(chunk.data(), static_cast<std::size_t>(std::min<std::uint64_t>(in.remaining(), chunk.size())));
}

// Checks a header against the place its entry was found: the key it is filed under, and
// the function directory.
ReadResult check_place(const EntryHeader &header, const Key128 &filed_under, std::string_view dir_name) {
  if (filed_under != header.key)
    return ReadResult{ReadStatus::mismatch, "the file name carries another key"};
  const EntryMeta &meta = header.meta;
  if (dir_name != function_dir_name(meta.function, meta.signature))
    return ReadResult{ReadStatus::mismatch, "the entry belongs to another function's directory"};
  return ReadResult{ReadStatus::ok, {}};
}

ReadResult verify_in(int dir_fd, const Trust *trust, const char *name, std::string_view dir_name,
                     EntryHeader &header, std::vector<unsigned char> *payload) {
  ReadResult r = read_entry_header(dir_fd, trust, name, header);
  if (r.status != ReadStatus::ok)
    return r;
  std::string_view file = name;
  file.remove_prefix(file.rfind('/') == std::string_view::npos ? 0 : file.rfind('/') + 1);
  Key128 named;
  if (!entry_file_key(file, named))
    return ReadResult{ReadStatus::mismatch, "the file name carries another key"};
  if (r = check_place(header, named, dir_name); r.status != ReadStatus::ok)
    return r;
  std::string prefix = meta_prefix(header.meta.function, header.meta.signature);
  return read_entry(dir_fd, trust, name, Expectation{header.key, prefix, 0, /*inspect=*/true}, collect_payload,
                    payload);
}

} // namespace

ReadResult verify_entry(const SafeDir &dir, const std::string &name, EntryHeader &header,
                        std::vector<unsigned char> *payload) {
  std::string_view dir_name = dir.path();
  dir_name.remove_prefix(dir_name.rfind('/') + 1);
  return verify_in(dir.fd(), &dir.trust(), name.c_str(), dir_name, header, payload);
}

std::string entry_path(const Inventory &inv, const EntryInfo &entry) {
  const std::string &dir = inv.functions[entry.function].dir;
  return entry.small ? dir + "/" + std::string(kSmallStoreName) + "/" + entry.name : dir + "/" + entry.name;
}

ReadResult verify_entry(const Inventory &inv, const EntryInfo &entry, EntryHeader &header,
                        std::vector<unsigned char> *payload) {
  const FunctionInfo &fn = inv.functions[entry.function];
  if (!entry.small)
    return verify_entry(*fn.handle, entry.name, header, payload);
  // The record and its metadata from one snapshot: a prune between two reads could drop
  // the metadata of a record already read, and report it corrupt.
  ReadResult r{ReadStatus::absent, "removed meanwhile"};
  fn.small->get_item(entry.key, [&](const SmallStore::Item &item) {
    r = read_compact_header(item.key, item.bytes, item.size, item.meta, item.meta_size, header, payload);
  });
  if (r.status == ReadStatus::ok)
    r = check_place(header, entry.key, fn.dir_name);
  return r;
}

bool remove_entry(const Inventory &inv, const EntryInfo &entry) {
  const FunctionInfo &fn = inv.functions[entry.function];
  if (entry.small)
    return fn.small->remove({entry.key}) == 1;
  if (!fn.handle->unlink(entry.name.c_str()))
    return false;
  if (fn.small != nullptr)
    fn.small->reindex({}, {entry.key});
  return true;
}

ReadResult verify_entry_file(const std::string &path, EntryHeader &header, std::vector<unsigned char> *payload) {
  std::string_view dir = path;
  dir = dir.substr(0, path.rfind('/') == std::string::npos ? 0 : path.rfind('/'));
  dir.remove_prefix(dir.rfind('/') == std::string_view::npos ? 0 : dir.rfind('/') + 1);
  return verify_in(AT_FDCWD, nullptr, path.c_str(), dir, header, payload);
}

std::uint64_t last_use_unix_ns(const struct stat &st) {
  return std::max(time_ns(st.st_atim), time_ns(st.st_mtim));
}

std::optional<PruneResult> eviction_pass(const SafeDir &root, Mapped<RootBlock> *block,
                                         const PruneRule &rule, bool wait, const Progress &progress) {
  if (block == nullptr || !*block)
    return prune(root, rule, progress);
  int locked;
  do
    locked = ::flock(block->fd(), wait ? LOCK_EX : LOCK_EX | LOCK_NB);
  while (locked != 0 && wait && errno == EINTR);
  if (locked != 0)
    return wait ? std::optional<PruneResult>(prune(root, rule, progress)) : std::nullopt;
  PruneResult result = prune(root, rule, progress);
  RootBlock &b = *block->get();
  atomic_store(b.estimated_bytes, result.kept_bytes);
  atomic_add(b.evictions, result.removed);
  atomic_store(b.last_pass_unix_ns, now_unix_ns());
  ::flock(block->fd(), LOCK_UN);
  return result;
}

void mark_used(int dir_fd, const char *name) {
  struct timespec times[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
  ::utimensat(dir_fd, name, times, AT_SYMLINK_NOFOLLOW);
}

} // namespace npcache::detail
