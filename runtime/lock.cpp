#include "log.hpp"
#include "names.hpp"
#include "safe_dir.hpp"

#include <npcache/cache.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <utility>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace npcache::detail {

// Open-file-description locks rather than flock() on a file per key: one file serves every
// key, so a miss creates and removes nothing in the directory (each was a metadata write).
// Each acquisition opens its own description, so two threads of one process exclude each
// other, and closing one descriptor drops only its own lock. Polling rather than blocking
// gives the timeout without signals. Two keys share a byte only if their low 63 bits agree.
bool MissLock::acquire(int dir_fd, const Key128 &key, bool group, std::int64_t timeout_seconds) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(timeout_seconds);
  auto pause = std::chrono::microseconds(200);
  Trust trust;
  trust.sharing = group ? Sharing::group : Sharing::none;
  struct stat dir_st;
  if (group && ::fstat(dir_fd, &dir_st) == 0)
    trust.group = dir_st.st_gid;
  const std::string name(kLocksFileName);
  for (int planted = 0;;) {
    int fd = ::openat(dir_fd, name.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
                      trust.file_mode());
    if (fd < 0)
      return false;
    struct stat held;
    if (::fstat(fd, &held) != 0 || !S_ISREG(held.st_mode) || !trust.refusal(held, false).empty()) {
      // Made by someone we do not trust, perhaps to hold locks forever: not ours to wait on.
      ::close(fd);
      static std::atomic<bool> warned{false};
      if (!warned.exchange(true))
        log(LogLevel::warn, name + ": a lock file that another user made; removed, not waited for");
      if (++planted > 3 || ::unlinkat(dir_fd, name.c_str(), 0) != 0)
        return false;
      continue;
    }
    struct flock byte {};
    byte.l_type = F_WRLCK;
    byte.l_whence = SEEK_SET;
    byte.l_start = static_cast<off_t>(key.low & 0x7fffffffffffffffu);
    byte.l_len = 1;
    while (::fcntl(fd, F_OFD_SETLK, &byte) != 0) {
      if ((errno != EAGAIN && errno != EACCES && errno != EINTR) || Clock::now() >= deadline) {
        ::close(fd);
        return false;
      }
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::microseconds(20000));
    }
    fd_ = fd;
    return true;
  }
}

void MissLock::release() noexcept {
  if (fd_ >= 0)
    ::close(fd_); // drops the lock
  fd_ = -1;
  if (remote_release_ != nullptr)
    std::exchange(remote_release_, nullptr)(remote_state_);
}

} // namespace npcache::detail
