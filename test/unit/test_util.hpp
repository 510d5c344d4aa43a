// Helpers shared by the runtime tests: scratch directories, files as bytes, and child
// processes.
#pragma once

#include <npcache/npcache.hpp>
#if __has_include("safe_dir.hpp")
#include "safe_dir.hpp"
#endif

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <new>
#include <string>
#include <thread>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace npcache::test {

// A fresh directory under $TMPDIR, removed with everything in it at scope exit.
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "npcache-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::filesystem::path &path() const { return path_; }
  std::filesystem::path operator/(const std::string &name) const { return path_ / name; }

private:
  std::filesystem::path path_;
};

inline std::vector<unsigned char> read_bytes(const std::filesystem::path &file) {
  std::ifstream in(file, std::ios::binary);
  return std::vector<unsigned char>((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::filesystem::path &file, const std::vector<unsigned char> &bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Every entry file (*.npc) below `dir`.
// Settings that make every entry a file of its own: for tests of the entry file itself.
inline Settings files_only(Settings s = {}) {
  s.small_store_bytes = 0;
  return s;
}

inline std::vector<std::filesystem::path> entry_files(const std::filesystem::path &dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->path().extension() == ".npc")
      out.push_back(it->path());
  return out;
}

// How many entries npcache holds under `dir`, files and small-entry stores alike.
inline std::uint64_t stored_entries(const std::filesystem::path &dir) { return Cache(dir).stats().entries; }

// The function directories under a cache directory.
inline std::vector<std::filesystem::path> function_dirs(const std::filesystem::path &dir) {
  std::vector<std::filesystem::path> out;
  for (const auto &e : std::filesystem::directory_iterator(dir))
    if (e.is_directory() && e.path().filename().string()[0] != '.')
      out.push_back(e.path());
  return out;
}

// Runs `body` in a forked child; returns its exit status (or 128 + signal).
inline int run_in_child(const std::function<int()> &body) {
  pid_t pid = ::fork();
  if (pid == 0)
    ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs body(p) for p in [0, count) in as many forked children at once; their exit
// statuses, as run_in_child gives them.
inline std::vector<int> run_in_children(int count, const std::function<int(int)> &body) {
  std::vector<pid_t> pids;
  for (int p = 0; p < count; ++p) {
    pid_t pid = ::fork();
    if (pid == 0)
      ::_exit(body(p));
    pids.push_back(pid);
  }
  std::vector<int> statuses;
  for (pid_t pid : pids) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    statuses.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  }
  return statuses;
}

// Holds forked children until `count` of them have arrived, so that a test can order
// their phases (all first halves before any second half). Made before the fork: the
// counter lives in memory the children share.
class ProcessBarrier {
public:
  explicit ProcessBarrier(int count) : count_(count) {
    void *shared = ::mmap(nullptr, sizeof(std::atomic<int>), PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
      std::abort();
    arrived_ = new (shared) std::atomic<int>(0);
  }
  ~ProcessBarrier() { ::munmap(arrived_, sizeof(std::atomic<int>)); }
  ProcessBarrier(const ProcessBarrier &) = delete;
  ProcessBarrier &operator=(const ProcessBarrier &) = delete;

  void arrive_and_wait() {
    arrived_->fetch_add(1);
    while (arrived_->load() < count_)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

private:
  int count_;
  std::atomic<int> *arrived_;
};

// Encodes a value with its codec.
template <class T> std::vector<unsigned char> encode(const T &value) {
  BufferSink sink;
  codec<T>::encode(sink, value);
  return sink.take();
}

template <class T> Key128 key_of(const T &value) {
  HashSink sink;
  codec<T>::encode(sink, value);
  return sink.finish();
}

template <class T> T decode(const std::vector<unsigned char> &bytes) {
  MemorySource source(bytes.data(), bytes.size());
  T value = codec<T>::decode(source);
  if (source.remaining() != 0)
    throw decode_error("trailing bytes");
  return value;
}

#if __has_include("safe_dir.hpp")
// A cache directory as the runtime opens it (private trust), for the tests that read it
// through the runtime's own maintenance code.
inline detail::SafeDir open_cache_dir(const std::filesystem::path &dir) {
  std::string why;
  return detail::SafeDir::open_root(dir.string(), {}, false, why);
}
#endif

} // namespace npcache::test
