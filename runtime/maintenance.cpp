#include "maintenance.hpp"
#include "names.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <csignal>
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

enum class Link { follow, refuse };

// Calls visit(name, stat) for each directory entry of `dir`; lstat semantics for the
// entries. A cache root may be a link the user made (check_directory vets it); nothing
// below it is followed.
template <class Visit> void for_each_in(const std::string &dir, Link link, Visit visit) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (link == Link::refuse ? O_NOFOLLOW : 0));
  if (fd < 0)
    return;
  DIR *d = ::fdopendir(fd);
  if (d == nullptr) {
    ::close(fd);
    return;
  }
  while (struct dirent *e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..")
      continue;
    struct stat st;
    if (::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
      visit(std::string(name), st);
  }
  ::closedir(d);
}

bool process_gone(long pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

// Unlinks a lock file only while holding it, so that a waiter on it notices (its inode
// check fails) and retries on a fresh file.
bool remove_unheld_lock(const std::string &path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0)
    return false;
  bool removed = ::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::unlink(path.c_str()) == 0;
  ::close(fd);
  return removed;
}

void read_headers(Inventory &inv, const Progress &progress) {
  for (std::size_t i = 0; i < inv.entries.size(); ++i) {
    EntryInfo &e = inv.entries[i];
    e.header_status = read_entry_header(e.path, e.header).status;
    FunctionInfo &fn = inv.functions[e.function];
    if (e.header_status == ReadStatus::ok && fn.signature.empty()) {
      fn.name = e.header.meta.function;
      fn.signature = e.header.meta.signature;
    }
    if (progress && (i % 256 == 255 || i + 1 == inv.entries.size()))
      progress(i + 1, inv.entries.size());
  }
  // Without counters, the version of the most recently used entry stands for the current
  // one, and that entry's use for the function's last use.
  for (const EntryInfo &e : inv.entries) {
    FunctionInfo &fn = inv.functions[e.function];
    if (e.header_status != ReadStatus::ok || fn.has_counters)
      continue;
    if (!fn.has_current || e.last_use_unix_ns > fn.counters.last_use_unix_ns) {
      fn.current = code_version(e.header.meta.code_digest, e.header.meta.version);
      fn.has_current = true;
      fn.counters.last_use_unix_ns = e.last_use_unix_ns;
    }
  }
  for (EntryInfo &e : inv.entries) {
    const FunctionInfo &fn = inv.functions[e.function];
    e.stale = e.header_status == ReadStatus::ok && fn.has_current &&
              code_version(e.header.meta.code_digest, e.header.meta.version) != fn.current;
  }
}

} // namespace

std::string check_directory(const std::string &dir) {
  struct stat link;
  if (::lstat(dir.c_str(), &link) != 0)
    return errno == ENOENT ? std::string() : dir + ": " + std::strerror(errno);
  const uid_t me = ::geteuid();
  if (S_ISLNK(link.st_mode) && link.st_uid != me && link.st_uid != 0)
    return dir + ": a symbolic link owned by another user";
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0)
    return dir + ": " + std::strerror(errno);
  if (!S_ISDIR(st.st_mode))
    return dir + ": not a directory";
  if (st.st_uid != me)
    return dir + ": owned by another user (uid " + std::to_string(st.st_uid) + ")";
  if ((st.st_mode & S_IWOTH) != 0 && (st.st_mode & S_ISVTX) == 0)
    return dir + ": writable by every user";
  return {};
}

Inventory take_inventory(const std::string &root, bool with_headers, const Progress &progress) {
  Inventory inv;
  for_each_in(root, Link::follow, [&](const std::string &sub, const struct stat &sub_st) {
    if (!S_ISDIR(sub_st.st_mode) || !is_function_dir(sub))
      return;
    std::size_t index = inv.functions.size();
    FunctionInfo &fn = inv.functions.emplace_back();
    fn.dir = root + "/" + sub;
    fn.name = sub;
    if (auto counters = Mapped<FunctionBlock>::open(fn.dir + "/" + std::string(kCountersFileName), false)) {
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
    for_each_in(fn.dir, Link::refuse, [&](const std::string &name, const struct stat &st) {
      if (!S_ISREG(st.st_mode) || !is_entry_file(name))
        return;
      EntryInfo &e = inv.entries.emplace_back();
      e.path = fn.dir + "/" + name;
      e.function = index;
      e.bytes = static_cast<std::uint64_t>(st.st_size);
      e.last_use_unix_ns = last_use_unix_ns(st);
      ++fn.entries;
      fn.bytes += e.bytes;
      inv.bytes += e.bytes;
    });
  });
  if (with_headers)
    read_headers(inv, progress);
  return inv;
}

void clear_directory(const std::string &root) {
  for_each_in(root, Link::follow, [&](const std::string &sub, const struct stat &sub_st) {
    if (!S_ISDIR(sub_st.st_mode) || !is_function_dir(sub))
      return;
    const std::string dir = root + "/" + sub;
    for_each_in(dir, Link::refuse, [&](const std::string &name, const struct stat &st) {
      if (S_ISREG(st.st_mode) && (is_entry_file(name) || is_temp_file(name) || is_dependency_file(name) ||
                                  is_lock_file(name) || name == kCountersFileName))
        ::unlink((dir + "/" + name).c_str());
    });
    ::rmdir(dir.c_str()); // only if empty: it may hold the user's own files
  });
  ::unlink((root + "/" + std::string(kRootFileName)).c_str());
}

std::uint64_t remove_leftovers(const std::string &function_dir) {
  std::uint64_t removed = 0;
  const std::uint64_t now = now_unix_ns();
  for_each_in(function_dir, Link::refuse, [&](const std::string &name, const struct stat &st) {
    if (!S_ISREG(st.st_mode))
      return;
    std::string path = function_dir + "/" + name;
    bool old = now > time_ns(st.st_mtim) + kLeftoverAgeNs;
    if (is_temp_file(name) && (old || process_gone(temp_file_pid(name))))
      removed += ::unlink(path.c_str()) == 0;
    else if (is_lock_file(name))
      removed += remove_unheld_lock(path);
  });
  return removed;
}

PruneResult prune(const std::string &root, const PruneRule &rule, const Progress &progress) {
  PruneResult result;
  Inventory inv = take_inventory(root, true, progress);
  const std::uint64_t now = now_unix_ns();
  auto age_s = [now](std::uint64_t then) { return (now - std::min(now, then)) / kNsPerSecond; };
  auto by_rule = [&](const EntryInfo &e) {
    return (rule.stale && e.stale) ||
           (rule.unused_for_seconds > 0 &&
            age_s(e.last_use_unix_ns) >= static_cast<std::uint64_t>(rule.unused_for_seconds)) ||
           (rule.older_than_seconds > 0 && e.header_status == ReadStatus::ok &&
            age_s(e.header.created_unix_ns) >= static_cast<std::uint64_t>(rule.older_than_seconds));
  };
  // Removal order for the size bound: bad headers, stale, then least recently used.
  std::vector<std::size_t> order(inv.entries.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  auto rank = [&](const EntryInfo &e) { return e.header_status != ReadStatus::ok ? 0 : e.stale ? 1 : 2; };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const EntryInfo &x = inv.entries[a], &y = inv.entries[b];
    return std::make_pair(rank(x), x.last_use_unix_ns) < std::make_pair(rank(y), y.last_use_unix_ns);
  });
  std::uint64_t remaining = inv.bytes;
  for (std::size_t i : order) {
    const EntryInfo &e = inv.entries[i];
    bool over = rule.max_size_bytes != 0 && remaining > rule.max_size_bytes;
    if ((over || by_rule(e)) && ::unlink(e.path.c_str()) == 0) {
      ++result.removed;
      result.removed_bytes += e.bytes;
      remaining -= e.bytes;
    }
  }
  result.kept = inv.entries.size() - result.removed;
  result.kept_bytes = remaining;
  for (const FunctionInfo &fn : inv.functions)
    result.leftovers += remove_leftovers(fn.dir);
  return result;
}

ReadResult verify_entry(const std::string &path, EntryHeader &header,
                        std::vector<unsigned char> *payload) {
  ReadResult r = read_entry_header(path, header);
  if (r.status != ReadStatus::ok)
    return r;
  std::string_view name = path, dir = path;
  name.remove_prefix(path.rfind('/') + 1);
  dir = dir.substr(0, path.rfind('/'));
  dir.remove_prefix(dir.rfind('/') + 1);
  Key128 named;
  if (!entry_file_key(name, named) || named != header.key)
    return ReadResult{ReadStatus::mismatch, "the file name carries another key"};
  const EntryMeta &meta = header.meta;
  if (dir != function_dir_name(meta.function, meta.signature))
    return ReadResult{ReadStatus::mismatch, "the entry belongs to another function's directory"};
  std::string prefix = meta_prefix(meta.function, meta.signature);
  auto collect = [](Source &in, void *out) {
    if (out != nullptr) {
      auto *bytes = static_cast<std::vector<unsigned char> *>(out);
      bytes->resize(static_cast<std::size_t>(in.remaining()));
      in.read(bytes->data(), bytes->size());
      return;
    }
    std::vector<unsigned char> chunk(1 << 20); // checks a large entry in bounded memory
    while (in.remaining() != 0)
      in.read(chunk.data(), static_cast<std::size_t>(std::min<std::uint64_t>(in.remaining(), chunk.size())));
  };
  return read_entry(path, Expectation{header.key, prefix, 0, /*inspect=*/true}, collect, payload);
}

std::uint64_t last_use_unix_ns(const struct stat &st) {
  return std::max(time_ns(st.st_atim), time_ns(st.st_mtim));
}

std::optional<PruneResult> eviction_pass(const std::string &root, Mapped<RootBlock> *block,
                                         const PruneRule &rule, bool wait,
                                         const Progress &progress) {
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
