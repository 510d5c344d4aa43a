// The content digests of npcache::input_file and npcache::input_dir parameters, and the
// fast path that spares reading an unchanged file again (include/npcache/input_file.hpp).
#include "names.hpp"
#include "safe_dir.hpp"

#include <npcache/cache.hpp>
#include <npcache/generated.hpp>
#include <npcache/input_file.hpp>
#include <npcache/io.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace npcache::detail {

namespace {

namespace fs = std::filesystem;

// One version of a file, as far as it can be told without reading it. The change time
// moves on every write and cannot be set back by the user, unlike the modification time.
struct Identity {
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t mtime_sec = 0, mtime_nsec = 0, ctime_sec = 0, ctime_nsec = 0;

  bool operator==(const Identity &o) const {
    return device == o.device && inode == o.inode && size == o.size && mtime_sec == o.mtime_sec &&
           mtime_nsec == o.mtime_nsec && ctime_sec == o.ctime_sec && ctime_nsec == o.ctime_nsec;
  }
};

Identity identity_of(const struct stat &st) {
  return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
          static_cast<std::uint64_t>(st.st_size), st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
          st.st_ctim.tv_sec, st.st_ctim.tv_nsec};
}

// Whether a digest may be remembered: the file was last changed at least a second before
// hashing began, so that a write landing on the same timestamp tick as the version we
// read cannot go unnoticed.
bool settled(const Identity &id, const struct timespec &started) {
  auto ns = [](std::int64_t sec, std::int64_t nsec) { return sec * 1000000000 + nsec; };
  const std::int64_t began = ns(started.tv_sec, started.tv_nsec), second = 1000000000;
  return ns(id.mtime_sec, id.mtime_nsec) + second < began && ns(id.ctime_sec, id.ctime_nsec) + second < began;
}

// A remembered digest on disk, `.inputs/<device>-<inode>` in the default cache directory.
// Machine-local, so stored in the machine's byte order.
struct Record {
  char magic[8];
  Identity id;
  Key128 digest;
  std::uint64_t check; // of the bytes before it: a torn or foreign file is not a record
};
static_assert(sizeof(Record) == 8 + 56 + 16 + 8, "Record must have no padding");

std::uint64_t check_of(const Record &r) { return hash_bytes(&r, offsetof(Record, check)).low; }

std::string record_name(const Identity &id) {
  char name[64];
  std::snprintf(name, sizeof name, "%llx-%llx", static_cast<unsigned long long>(id.device),
                static_cast<unsigned long long>(id.inode));
  return name;
}

class Digests {
public:
  static Digests &instance() {
    static Digests digests;
    return digests;
  }

  bool find(const Identity &id, Key128 &digest) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = memo_.find({id.device, id.inode});
      if (it != memo_.end() && it->second.first == id) {
        digest = it->second.second;
        return true;
      }
    }
    const SafeDir &dir = table();
    if (!dir)
      return false;
    std::string why;
    int fd = dir.open_trusted(record_name(id).c_str(), O_RDONLY, why);
    if (fd < 0)
      return false;
    Record r;
    bool ok = ::pread(fd, &r, sizeof r, 0) == static_cast<ssize_t>(sizeof r) &&
              std::memcmp(r.magic, kInputRecordMagic, sizeof r.magic) == 0 && r.check == check_of(r) &&
              r.id == id;
    ::close(fd);
    if (!ok)
      return false;
    digest = r.digest;
    remember(id, digest);
    return true;
  }

  void store(const Identity &id, const Key128 &digest) {
    remember(id, digest);
    const SafeDir &dir = table();
    if (!dir)
      return;
    Record r{};
    std::memcpy(r.magic, kInputRecordMagic, sizeof r.magic);
    r.id = id;
    r.digest = digest;
    r.check = check_of(r);
    const std::string temp = temp_file_name();
    int fd = dir.create(temp.c_str(), O_WRONLY);
    if (fd < 0)
      return;
    bool ok = ::write(fd, &r, sizeof r) == static_cast<ssize_t>(sizeof r);
    ::close(fd);
    if (!ok || !dir.rename(temp.c_str(), record_name(id).c_str()))
      dir.unlink(temp.c_str());
  }

  void forget() {
    std::lock_guard<std::mutex> lock(mutex_);
    memo_.clear();
  }

  std::atomic<std::uint64_t> hashed{0};

private:
  void remember(const Identity &id, const Key128 &digest) {
    std::lock_guard<std::mutex> lock(mutex_);
    memo_[{id.device, id.inode}] = {id, digest};
  }

  // Opened once, at the first digest: without a directory that may be trusted, digests
  // are remembered by the process only.
  const SafeDir &table() {
    std::call_once(table_once_, [this] {
      std::string why;
      SafeDir root = SafeDir::open_root(default_cache().dir().string(), Trust{}, true, why);
      if (root)
        table_ = root.open_dir(std::string(kInputsDirName), true, why);
    });
    return table_;
  }

  std::mutex mutex_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::pair<Identity, Key128>> memo_;
  std::once_flag table_once_;
  SafeDir table_;
};

InputState failure(InputState::Status status, int error) {
  InputState s;
  s.status = status;
  s.error = error;
  return s;
}

InputState stat_failure(int error) {
  return failure(error == ENOENT || error == ENOTDIR ? InputState::missing : InputState::unreadable, error);
}

// Reads the whole file once; what it hashed is the version `identity` names only if the
// file did not change meanwhile.
InputState hash_file(const std::string &path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return stat_failure(errno);
  struct stat before, after;
  struct timespec started;
  ::clock_gettime(CLOCK_REALTIME, &started);
  if (::fstat(fd, &before) != 0 || !S_ISREG(before.st_mode)) {
    int error = errno;
    ::close(fd);
    return S_ISREG(before.st_mode) ? failure(InputState::unreadable, error) : failure(InputState::wrong_kind, 0);
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  HashSink hash;
  std::vector<unsigned char> buffer(std::size_t(4) << 20);
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      return failure(InputState::unreadable, error);
    }
    if (n == 0)
      break;
    hash.write(buffer.data(), static_cast<std::size_t>(n));
  }
  bool steady = ::fstat(fd, &after) == 0 && identity_of(before) == identity_of(after);
  ::close(fd);
  Digests &digests = Digests::instance();
  ++digests.hashed;
  InputState state;
  state.digest = hash.finish();
  if (steady && settled(identity_of(before), started))
    digests.store(identity_of(before), state.digest);
  return state;
}

InputState file_state(const std::string &path, const struct stat &st) {
  InputState state;
  if (Digests::instance().find(identity_of(st), state.digest))
    return state;
  return hash_file(path);
}

// A folder: every entry under it in path order, each by kind, relative path and content
// (files), target (links) or nothing (folders, anything else).
InputState dir_state(const std::string &path) {
  std::vector<std::pair<std::string, fs::directory_entry>> entries;
  std::error_code ec;
  fs::recursive_directory_iterator it(path, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec))
    entries.emplace_back(it->path().lexically_relative(path).generic_string(), *it);
  if (ec)
    return failure(InputState::unreadable, ec.value());
  std::sort(entries.begin(), entries.end(),
            [](const auto &a, const auto &b) { return a.first < b.first; });
  HashSink hash;
  hash.put(static_cast<std::uint64_t>(entries.size()));
  for (const auto &[name, entry] : entries) {
    const std::string full = entry.path().string();
    struct stat link_st, st;
    if (::lstat(full.c_str(), &link_st) != 0)
      return stat_failure(errno);
    char kind = S_ISDIR(link_st.st_mode) ? 'd' : S_ISLNK(link_st.st_mode) ? 'l' : S_ISREG(link_st.st_mode) ? 'f' : 'o';
    hash.put(kind);
    codec<std::string>::encode(hash, name);
    if (kind == 'l') {
      std::error_code link_ec;
      codec<std::string>::encode(hash, fs::read_symlink(full, link_ec).string());
      if (::stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode))
        kind = 'f'; // and its content too
    } else {
      st = link_st;
    }
    if (kind == 'f') {
      InputState file = file_state(full, st);
      if (file.status != InputState::ok)
        return file;
      hash.put(file.digest.low);
      hash.put(file.digest.high);
    }
  }
  InputState state;
  state.digest = hash.finish();
  return state;
}

} // namespace

InputState input_state(const std::string &path, bool directory) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return stat_failure(errno);
  if (directory)
    return S_ISDIR(st.st_mode) ? dir_state(path) : failure(InputState::wrong_kind, 0);
  return S_ISREG(st.st_mode) ? file_state(path, st) : failure(InputState::wrong_kind, 0);
}

std::uint64_t input_files_hashed() { return Digests::instance().hashed.load(); }

void forget_input_digests() { Digests::instance().forget(); }

} // namespace npcache::detail
