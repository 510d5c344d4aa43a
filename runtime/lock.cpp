#include "log.hpp"
#include "safe_dir.hpp"

#include <npcache/cache.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace npcache::detail {

// flock() rather than fcntl() locks: they belong to the open file, so two threads of one
// process exclude each other too, and closing one descriptor does not drop another's lock.
// Polling rather than blocking gives the timeout without signals.
bool MissLock::acquire(int dir_fd, const std::string &name, bool group, std::int64_t timeout_seconds) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(timeout_seconds);
  auto pause = std::chrono::microseconds(200);
  Trust trust;
  trust.sharing = group ? Sharing::group : Sharing::none;
  struct stat dir_st;
  if (group && ::fstat(dir_fd, &dir_st) == 0)
    trust.group = dir_st.st_gid;
  for (int planted = 0;;) {
    int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
                      trust.file_mode());
    if (fd < 0)
      return false;
    struct stat held;
    if (::fstat(fd, &held) != 0 || !S_ISREG(held.st_mode) || !trust.refusal(held, false).empty()) {
      // Made by someone we do not trust, perhaps to hold it forever: not ours to wait on.
      ::close(fd);
      static std::atomic<bool> warned{false};
      if (!warned.exchange(true))
        log(LogLevel::warn, name + ": a lock file that another user made; removed, not waited for");
      if (++planted > 3 || ::unlinkat(dir_fd, name.c_str(), 0) != 0)
        return false;
      continue;
    }
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK || Clock::now() >= deadline) {
        ::close(fd);
        return false;
      }
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::microseconds(20000));
    }
    // The previous holder unlinks the file before unlocking; holding an unlinked file
    // would exclude nobody, so start over on the name's current file. (`held` is still
    // right: an open file keeps its inode number.)
    struct stat named;
    if (::fstatat(dir_fd, name.c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
      fd_ = fd;
      dir_fd_ = dir_fd;
      name_ = name;
      return true;
    }
    ::close(fd);
  }
}

void MissLock::release() noexcept {
  ::unlinkat(dir_fd_, name_.c_str(), 0);
  ::close(fd_);
  fd_ = -1;
}

} // namespace npcache::detail
