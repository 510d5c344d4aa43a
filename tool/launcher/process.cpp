#include "process.hpp"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace npcache::launcher {
namespace {

std::vector<char *> c_argv(const std::vector<std::string> &argv) {
  std::vector<char *> out;
  for (const std::string &arg : argv)
    out.push_back(const_cast<char *>(arg.c_str()));
  out.push_back(nullptr);
  return out;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return 127;
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

} // namespace

pid_t start(const std::vector<std::string> &argv) {
  std::vector<char *> args = c_argv(argv);
  pid_t pid;
  if (int e = ::posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ); e != 0) {
    std::fprintf(stderr, "npcache-cxx: error: cannot run %s: %s\n", args[0], std::strerror(e));
    return -1;
  }
  return pid;
}

int finish(pid_t pid) { return pid < 0 ? 127 : wait_for(pid); }

int run(const std::vector<std::string> &argv) { return finish(start(argv)); }

int exec(const std::vector<std::string> &argv) {
  std::vector<char *> args = c_argv(argv);
  ::execvp(args[0], args.data());
  std::fprintf(stderr, "npcache-cxx: error: cannot run %s: %s\n", args[0], std::strerror(errno));
  return 127;
}

std::string capture(const std::vector<std::string> &argv) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0)
    return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::vector<char *> args = c_argv(argv);
  pid_t pid;
  int e = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  std::string out;
  if (e == 0) {
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
      if (n > 0)
        out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  if (e != 0 || wait_for(pid) != 0)
    return {};
  return out;
}

std::string own_directory() {
  char path[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0)
    return ".";
  std::string self(path, static_cast<std::size_t>(n));
  return self.substr(0, self.rfind('/'));
}

} // namespace npcache::launcher
