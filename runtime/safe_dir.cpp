#include "safe_dir.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <vector>

namespace npcache::detail {
namespace {

// The process's umask, read without changing it (umask() would, for other threads too).
mode_t current_umask() {
  static const mode_t mask = [] {
    mode_t out = 022;
    if (std::FILE *status = std::fopen("/proc/self/status", "r")) {
      char line[256];
      while (std::fgets(line, sizeof line, status) != nullptr)
        if (std::strncmp(line, "Umask:", 6) == 0)
          out = static_cast<mode_t>(std::strtoul(line + 6, nullptr, 8));
      std::fclose(status);
    }
    return out;
  }();
  return mask;
}

bool in_group(gid_t gid) {
  if (::getegid() == gid)
    return true;
  int n = ::getgroups(0, nullptr);
  std::vector<gid_t> groups(n > 0 ? static_cast<std::size_t>(n) : 0);
  n = ::getgroups(n, groups.data());
  for (int i = 0; i < n; ++i)
    if (groups[static_cast<std::size_t>(i)] == gid)
      return true;
  return false;
}

// Whether `gid` is this user's own group (a "user private group": Debian and Ubuntu give
// every user one, named after the user, and a umask of 002 for it): then a group's write
// permission lets nobody else in, and a directory the user made with `mkdir` is private.
bool private_group(gid_t gid) {
  static const gid_t own = [] {
    const uid_t uid = ::geteuid();
    std::vector<char> buffer(16384);
    struct passwd pw, *user = nullptr;
    if (::getpwuid_r(uid, &pw, buffer.data(), buffer.size(), &user) != 0 || user == nullptr)
      return static_cast<gid_t>(-1);
    const std::string name = user->pw_name;
    const gid_t primary = user->pw_gid;
    struct group gr, *group = nullptr;
    if (::getgrgid_r(primary, &gr, buffer.data(), buffer.size(), &group) != 0 || group == nullptr ||
        name != group->gr_name)
      return static_cast<gid_t>(-1);
    for (char **member = group->gr_mem; *member != nullptr; ++member)
      if (name != *member)
        return static_cast<gid_t>(-1);
    return primary;
  }();
  return gid == own && gid != static_cast<gid_t>(-1);
}

std::string error_text(const std::string &what) { return what + ": " + std::strerror(errno); }

} // namespace

std::string Trust::refusal(const struct stat &st, bool directory) const {
  if (inspect)
    return {};
  if (sharing == Sharing::group) {
    if (st.st_uid != user && st.st_gid != group)
      return "owned by uid " + std::to_string(st.st_uid) + ", outside the cache's group";
    if ((st.st_mode & S_IWOTH) != 0)
      return std::string(directory ? "a directory" : "a file") + " writable by users outside the group";
    return {};
  }
  if (st.st_uid != user)
    return "owned by another user (uid " + std::to_string(st.st_uid) + ")";
  if ((st.st_mode & S_IWOTH) != 0 || ((st.st_mode & S_IWGRP) != 0 && !private_group(st.st_gid)))
    return std::string(directory ? "a directory" : "a file") + " that other users may write";
  return {};
}

mode_t Trust::forbidden_bits() const { return sharing == Sharing::group ? S_IWOTH : S_IWGRP | S_IWOTH; }

mode_t Trust::file_mode(bool map) const {
  if (sharing == Sharing::group) // the group reads entries; it writes the mapped counters
    return (map ? 0660 : 0640) | (0004 & ~current_umask());
  return 0644 & ~current_umask();
}

mode_t Trust::dir_mode() const {
  if (sharing == Sharing::group) // setgid: what is created inside belongs to the group
    return 02770 | (0005 & ~current_umask());
  return 0755 & ~current_umask();
}

SafeDir::SafeDir(int fd, std::string path, Trust trust, const struct stat &st)
    : fd_(fd), path_(std::move(path)), trust_(trust),
      checked_{st.st_dev, st.st_ino, st.st_mode, st.st_uid, st.st_gid} {}

SafeDir::~SafeDir() {
  if (fd_ >= 0)
    ::close(fd_);
}

SafeDir::SafeDir(SafeDir &&other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), trust_(other.trust_), checked_(other.checked_) {
  other.fd_ = -1;
}

SafeDir &SafeDir::operator=(SafeDir &&other) noexcept {
  if (this != &other) {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    trust_ = other.trust_;
    checked_ = other.checked_;
    other.fd_ = -1;
  }
  return *this;
}

bool SafeDir::still_at(const std::string &path) const {
  struct stat st;
  return ::fstatat(AT_FDCWD, path.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
         st.st_dev == checked_.device && st.st_ino == checked_.inode &&
         st.st_mode == checked_.mode && st.st_uid == checked_.owner && st.st_gid == checked_.group;
}

SafeDir SafeDir::open_root(const std::string &path, Trust trust, bool create, std::string &why) {
  why.clear();
  struct stat link;
  if (::lstat(path.c_str(), &link) != 0) {
    if (errno != ENOENT) {
      why = error_text(path);
      return {};
    }
    if (!create)
      return {};
    // The parents are the user's to own; the root itself gets the trust's mode.
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1))
      ::mkdir(path.substr(0, slash).c_str(), 0777);
    if (::mkdir(path.c_str(), trust.dir_mode()) != 0 && errno != EEXIST) {
      why = error_text("cannot create " + path);
      return {};
    }
    if (::lstat(path.c_str(), &link) != 0) {
      why = error_text(path);
      return {};
    }
  }
  if (S_ISLNK(link.st_mode) && link.st_uid != trust.user && link.st_uid != 0) {
    why = path + ": a symbolic link owned by another user";
    return {};
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    why = error_text(path);
    if (fd >= 0)
      ::close(fd);
    return {};
  }
  const bool sticky = (st.st_mode & S_ISVTX) != 0;
  if (trust.inspect) {
    trust.group = st.st_gid;
  } else if (trust.sharing == Sharing::group) {
    if (!in_group(st.st_gid))
      why = path + ": shared with a group (gid " + std::to_string(st.st_gid) + ") this user is not in";
    else if ((st.st_mode & S_IWOTH) != 0 && !sticky)
      why = path + ": writable by users outside its group";
    trust.group = st.st_gid;
  } else if (st.st_uid != trust.user) {
    why = path + ": owned by another user (uid " + std::to_string(st.st_uid) + ")";
  } else if (((st.st_mode & S_IWOTH) != 0 || ((st.st_mode & S_IWGRP) != 0 && !private_group(st.st_gid))) &&
             !sticky) {
    why = path + ": writable by other users, who could replace what is in it (set \"shared\": "
                 "\"group\" to share it with its group)";
  }
  if (!why.empty()) {
    ::close(fd);
    return {};
  }
  return SafeDir(fd, path, trust, st);
}

SafeDir SafeDir::open_dir(const std::string &name, bool create, std::string &why) const {
  why.clear();
  const std::string path = path_ + "/" + name;
  int fd = ::openat(fd_, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    if (::mkdirat(fd_, name.c_str(), trust_.dir_mode()) != 0 && errno != EEXIST) {
      why = error_text("cannot create " + path);
      return {};
    }
    fd = ::openat(fd_, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    // Exact mode for a shared directory: the umask would take the group's write away.
    if (fd >= 0 && trust_.sharing == Sharing::group)
      ::fchmod(fd, trust_.dir_mode());
  }
  if (fd < 0) {
    struct stat link;
    if ((errno == ELOOP || errno == ENOTDIR) && ::fstatat(fd_, name.c_str(), &link, AT_SYMLINK_NOFOLLOW) == 0)
      why = path + (S_ISLNK(link.st_mode) ? ": a symbolic link, which npcache does not follow inside a cache"
                                          : ": not a directory");
    else if (errno != ENOENT)
      why = error_text(path);
    return {};
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    why = error_text(path);
    ::close(fd);
    return {};
  }
  if (std::string refusal = trust_.refusal(st, true); !refusal.empty()) {
    why = path + ": " + refusal;
    ::close(fd);
    return {};
  }
  return SafeDir(fd, path, trust_, st);
}

int SafeDir::open_trusted(const char *name, int flags, std::string &why) const {
  why.clear();
  int fd = ::openat(fd_, name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return -1;
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    why = error_text(name);
  } else if (!S_ISREG(st.st_mode)) {
    why = "not a regular file";
  } else {
    why = trust_.refusal(st, false);
  }
  if (why.empty())
    return fd;
  ::close(fd);
  errno = EPERM;
  return -1;
}

int SafeDir::create(const char *name, int flags, bool map) const {
  const mode_t mode = trust_.file_mode(map);
  int fd = ::openat(fd_, name, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd >= 0 && trust_.sharing == Sharing::group)
    ::fchmod(fd, mode);
  return fd;
}

bool SafeDir::rename(const char *from, const char *to) const { return ::renameat(fd_, from, fd_, to) == 0; }
bool SafeDir::unlink(const char *name) const { return ::unlinkat(fd_, name, 0) == 0; }
bool SafeDir::rmdir(const char *name) const { return ::unlinkat(fd_, name, AT_REMOVEDIR) == 0; }

bool SafeDir::list_names_raw(void (*visit)(void *, const char *, unsigned char), void *context) const {
  int fd = ::openat(fd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return false;
  DIR *d = ::fdopendir(fd);
  if (d == nullptr) {
    ::close(fd);
    return false;
  }
  while (struct dirent *e = ::readdir(d))
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
      visit(context, e->d_name, e->d_type);
  ::closedir(d);
  return true;
}

bool SafeDir::list_raw(void (*visit)(void *, const char *, const struct stat &), void *context) const {
  struct Context {
    const SafeDir *dir;
    void (*visit)(void *, const char *, const struct stat &);
    void *context;
  } c{this, visit, context};
  return list_names_raw([](void *raw, const char *name, unsigned char) {
    auto *c = static_cast<Context *>(raw);
    struct stat st;
    if (::fstatat(c->dir->fd_, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
      c->visit(c->context, name, st);
  }, &c);
}

} // namespace npcache::detail
