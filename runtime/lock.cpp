#include <npcache/cache.hpp>

#include <algorithm>
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
bool MissLock::acquire(const std::string &path, std::int64_t timeout_seconds) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(timeout_seconds);
  auto pause = std::chrono::microseconds(200);
  for (;;) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0666);
    if (fd < 0)
      return false;
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK || Clock::now() >= deadline) {
        ::close(fd);
        return false;
      }
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::microseconds(20000));
    }
    // The previous holder unlinks the file before unlocking; holding an unlinked file
    // would exclude nobody, so start over on the name's current file.
    struct stat held, named;
    if (::fstat(fd, &held) == 0 && ::lstat(path.c_str(), &named) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
      fd_ = fd;
      path_ = path;
      return true;
    }
    ::close(fd);
  }
}

void MissLock::release() noexcept {
  ::unlink(path_.c_str());
  ::close(fd_);
  fd_ = -1;
}

} // namespace npcache::detail
