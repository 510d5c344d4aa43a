// Cache directories and the files in them, opened relative to directory descriptors that
// were checked, so that no path is resolved twice (a link swapped in meanwhile cannot send
// a read, a write or a delete elsewhere), and accepted only if nobody untrusted could have
// written them.
//
// Trust (docs/SECURITY.md): by default a cache is private. npcache reads a file only if it
// belongs to this user and nobody else may write it, uses a directory only if it belongs
// to this user and nobody else may write it (a directory writable by all with the sticky
// bit, like /tmp, is allowed as a cache root: others cannot remove what is ours), and
// creates files and directories without write permission for others, whatever the umask.
// With "shared": "group", the members of the cache root's group are trusted too: a file or
// directory may belong to any of them (its group is the root's), and may be written by
// the group, but never by others.
#pragma once

#include <npcache/api.hpp>
#include <npcache/settings.hpp>

#include <string>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace npcache::detail {

struct NPCACHE_API Trust {
  Sharing sharing = Sharing::none;
  uid_t user = ::geteuid();
  gid_t group = static_cast<gid_t>(-1); // with Sharing::group: the cache root's group
  // Looking, not using: `npcache stats` on another user's cache reads whatever is there,
  // to show it; nothing it reads is returned to a program.
  bool inspect = false;

  // Why a file or directory with this status may not be trusted, or empty if it may.
  std::string refusal(const struct stat &st, bool directory) const;
  // What to clear from the mode of what npcache creates.
  mode_t forbidden_bits() const;
  // The mode npcache creates files (`map`: files that several processes map and write)
  // and directories with, before the umask.
  mode_t file_mode(bool map = false) const;
  mode_t dir_mode() const;
};

class NPCACHE_API SafeDir {
public:
  SafeDir() = default;
  ~SafeDir();
  SafeDir(SafeDir &&other) noexcept;
  SafeDir &operator=(SafeDir &&other) noexcept;
  SafeDir(const SafeDir &) = delete;
  SafeDir &operator=(const SafeDir &) = delete;

  // A cache root: created if `create` (and missing). Reached through a symbolic link only
  // if the link belongs to this user or to root. With Sharing::group, the root's own
  // group becomes `trust.group`. Empty, with `why` set, when it cannot be used safely;
  // `why` stays empty when the directory is merely missing.
  static SafeDir open_root(const std::string &path, Trust trust, bool create, std::string &why);
  // A directory inside this one, never through a link; created if `create`.
  SafeDir open_dir(const std::string &name, bool create, std::string &why) const;

  explicit operator bool() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  const std::string &path() const { return path_; }
  const Trust &trust() const { return trust_; }
  dev_t device() const { return checked_.device; }
  ino_t inode() const { return checked_.inode; }

  // Whether `path` names this very directory still, with the owner and mode it was
  // accepted with: one stat, where opening and checking it again takes six calls. A path
  // whose directories were swapped or removed meanwhile names another one, or none.
  bool still_at(const std::string &path) const;

  // Opens a file for reading without following a link or blocking on a FIFO, and checks
  // that it is a regular file that may be trusted. -1 with errno set, or -1 with `why`
  // set when the file exists but may not be trusted.
  int open_trusted(const char *name, int flags, std::string &why) const;
  // Creates a new file (O_EXCL) with the trust's mode.
  int create(const char *name, int flags, bool map = false) const;
  bool rename(const char *from, const char *to) const;
  bool unlink(const char *name) const;
  bool rmdir(const char *name) const;

  // Calls visit(name, status) for each entry but "." and "..", lstat semantics.
  template <class Visit> void list(Visit visit) const;
  // Calls visit(name, type) for each entry but "." and "..", with the type the directory
  // records (DT_REG, DT_DIR, ...; DT_UNKNOWN where the file system keeps none), and no stat:
  // 5 us a file here, most of an eviction pass over entry files.
  template <class Visit> void list_names(Visit visit) const;

private:
  SafeDir(int fd, std::string path, Trust trust, const struct stat &st);
  bool list_raw(void (*visit)(void *, const char *, const struct stat &), void *context) const;
  bool list_names_raw(void (*visit)(void *, const char *, unsigned char), void *context) const;

  int fd_ = -1;
  std::string path_; // for messages
  Trust trust_;
  // What was accepted when it was opened.
  struct Checked {
    dev_t device = 0;
    ino_t inode = 0;
    mode_t mode = 0;
    uid_t owner = 0;
    gid_t group = 0;
  } checked_;
};

template <class Visit> void SafeDir::list_names(Visit visit) const {
  list_names_raw([](void *context, const char *name, unsigned char type) {
    (*static_cast<Visit *>(context))(std::string(name), type);
  }, &visit);
}

template <class Visit> void SafeDir::list(Visit visit) const {
  list_raw([](void *context, const char *name, const struct stat &st) {
    (*static_cast<Visit *>(context))(std::string(name), st);
  }, &visit);
}

} // namespace npcache::detail
