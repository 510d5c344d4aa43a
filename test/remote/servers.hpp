// Real servers on loopback for the remote-tier tests: redis-server and nginx (WebDAV PUT),
// started on free ports in a temporary directory and killed with the test; and a fake
// server that accepts connections and then never answers, or answers garbage.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace npcache::test {

// A TCP socket bound to a free loopback port, which goes to *port.
inline int bound_loopback_socket(int *port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
  socklen_t length = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &length);
  *port = ntohs(addr.sin_port);
  return fd;
}

inline int free_port() {
  int port = 0;
  ::close(bound_loopback_socket(&port));
  return port;
}

inline bool port_open(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// A program run in the background until stop() or destruction.
class Server {
public:
  Server() = default;
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;
  ~Server() { stop(); }

  void start(const std::vector<std::string> &argv, int port) {
    port_ = port;
    argv_ = argv;
    pid_ = ::fork();
    if (pid_ == 0) {
      // Quiet: redis-server prints its banner and warnings whatever its log level.
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      std::vector<char *> args;
      for (const std::string &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
    for (int i = 0; i < 500 && !port_open(port); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!port_open(port))
      throw std::runtime_error(argv[0] + " did not start on port " + std::to_string(port));
  }
  void restart() { start(argv_, port_); }
  // SIGKILL: a crash, not a shutdown.
  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = 0;
    }
  }
  int port() const { return port_; }

private:
  pid_t pid_ = 0;
  int port_ = 0;
  std::vector<std::string> argv_;
};

inline std::filesystem::path server_dir(const std::string &name) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("npcache-remote-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// redis-server without persistence; `extra` are more "--name value" options.
inline void start_redis(Server &server, const std::vector<std::string> &extra = {}) {
  int port = free_port();
  std::vector<std::string> argv{"redis-server", "--port", std::to_string(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no", "--loglevel", "warning"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  server.start(argv, port);
}

// nginx serving `root` with WebDAV PUT, plus locations that always fail: /403/, /500/, /507/.
inline std::filesystem::path start_nginx(Server &server) {
  int port = free_port();
  std::filesystem::path dir = server_dir("nginx-" + std::to_string(port));
  std::filesystem::create_directories(dir / "www");
  std::ofstream(dir / "nginx.conf") << "daemon off;\nmaster_process off;\npid " << (dir / "nginx.pid").string()
                                    << ";\nerror_log stderr crit;\nevents {}\nhttp {\n"
                                    << "  access_log off;\n  client_body_temp_path " << (dir / "body").string()
                                    << ";\n  proxy_temp_path " << (dir / "proxy").string()
                                    << ";\n  fastcgi_temp_path " << (dir / "fastcgi").string()
                                    << ";\n  uwsgi_temp_path " << (dir / "uwsgi").string()
                                    << ";\n  scgi_temp_path " << (dir / "scgi").string()
                                    << ";\n  server {\n    listen 127.0.0.1:" << port << ";\n    root "
                                    << (dir / "www").string()
                                    << ";\n    client_max_body_size 0;\n"
                                       "    location / { dav_methods PUT DELETE; create_full_put_path on; }\n"
                                       "    location /403/ { return 403; }\n"
                                       "    location /500/ { return 500; }\n"
                                       "    location /507/ { return 507; }\n  }\n}\n";
  server.start({"nginx", "-e", "stderr", "-p", dir.string(), "-c", (dir / "nginx.conf").string()}, port);
  return dir / "www";
}

// Accepts connections, counts them, and then either says nothing or sends `garbage`,
// keeping each connection open until the server is destroyed.
class FakeServer {
public:
  explicit FakeServer(std::string garbage = {}) : garbage_(std::move(garbage)) {
    fd_ = bound_loopback_socket(&port_);
    ::listen(fd_, 64);
    thread_ = std::thread([this] {
      for (;;) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0)
          return;
        accepted_.fetch_add(1);
        if (!garbage_.empty()) {
          char buffer[4096];
          (void)::recv(c, buffer, sizeof buffer, 0); // the request, then the reply
          (void)::send(c, garbage_.data(), garbage_.size(), MSG_NOSIGNAL);
        }
        open_.push_back(c);
      }
    });
  }
  ~FakeServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
    for (int c : open_)
      ::close(c);
  }
  int port() const { return port_; }
  int accepted() const { return accepted_.load(); }

private:
  std::string garbage_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::vector<int> open_;
  std::thread thread_;
};

} // namespace npcache::test
