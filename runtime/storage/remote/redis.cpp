// A remote tier on a Redis server: one string value per entry, GET and SET.
#include "../remote.hpp"

#include <hiredis/hiredis.h>

#include <cerrno>
#include <type_traits>
#include <string_view>
#include <vector>

namespace npcache::detail {

namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

struct ReplyDeleter {
  void operator()(redisReply *reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// Null when the connection failed (c->errstr says how); binary-safe arguments.
Reply command(redisContext *c, const std::vector<std::string_view> &args) {
  std::vector<const char *> argv;
  std::vector<std::size_t> lengths;
  for (std::string_view a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  return Reply(static_cast<redisReply *>(redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data())));
}

std::string connection_error(const redisContext *c) { return c->errstr[0] != '\0' ? c->errstr : "no reply"; }

class RedisBackend final : public RemoteBackend {
public:
  explicit RedisBackend(RemoteSpec spec) : spec_(std::move(spec)) {}

  Fetched get(const std::string &name) override {
    Fetched out;
    run({"GET", name}, [&](Reply &reply) {
      if (reply->type == REDIS_REPLY_STRING) {
        out.status = Fetched::Status::found;
        out.data = reinterpret_cast<const unsigned char *>(reply->str);
        out.size = reply->len;
        out.owner = std::shared_ptr<const void>(reply.release(), [](const void *r) {
          freeReplyObject(const_cast<void *>(r));
        });
        return std::string();
      }
      if (reply->type == REDIS_REPLY_NIL)
        return std::string();
      return unexpected(*reply);
    }, out.error);
    if (!out.error.empty())
      out.status = Fetched::Status::failed;
    return out;
  }

  std::string put(const std::string &name, const unsigned char *data, std::size_t size) override {
    std::string error;
    run({"SET", name, std::string_view(reinterpret_cast<const char *>(data), size)}, [&](const redisReply &reply) {
      return reply.type == REDIS_REPLY_STATUS ? std::string() : unexpected(reply);
    }, error);
    return error;
  }

  void remove(const std::string &name) override {
    std::string error;
    run({"DEL", name}, [](const redisReply &) { return std::string(); }, error);
  }

  Fetched::Status exists(const std::string &name, std::string &error) override {
    Fetched::Status status = Fetched::Status::failed;
    run({"EXISTS", name}, [&](const redisReply &reply) {
      if (reply.type != REDIS_REPLY_INTEGER)
        return unexpected(reply);
      status = reply.integer > 0 ? Fetched::Status::found : Fetched::Status::absent;
      return std::string();
    }, error);
    return error.empty() ? status : Fetched::Status::failed;
  }

  bool can_lock() const override { return true; }

  int try_lock(const std::string &name, const std::string &token, std::chrono::milliseconds ttl,
               std::string &error) override {
    int taken = -1;
    run({"SET", name, token, "NX", "PX", std::to_string(ttl.count())}, [&](const redisReply &reply) {
      taken = reply.type == REDIS_REPLY_STATUS ? 1 : reply.type == REDIS_REPLY_NIL ? 0 : -1;
      return taken >= 0 ? std::string() : unexpected(reply);
    }, error);
    return error.empty() ? taken : -1;
  }

  // Compare and act in one step on the server, so a lock that expired and was taken by
  // another holder is left alone.
  void renew(const std::string &name, const std::string &token, std::chrono::milliseconds ttl) override {
    std::string error;
    run({"EVAL", "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) "
                 "else return 0 end",
         "1", name, token, std::to_string(ttl.count())},
        [](const redisReply &) { return std::string(); }, error);
  }

  void unlock(const std::string &name, const std::string &token) override {
    std::string error;
    run({"EVAL", "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
         "1", name, token},
        [](const redisReply &) { return std::string(); }, error);
  }

  // Redis refuses strings over 512 MB (proto-max-bulk-len).
  bool fits(std::size_t size) const override { return size <= (std::size_t(512) << 20); }

private:
  static std::string unexpected(const redisReply &reply) {
    if (reply.type == REDIS_REPLY_ERROR)
      return "the server says: " + std::string(reply.str, reply.len);
    return "unexpected reply of type " + std::to_string(reply.type);
  }

  // Runs one command on a pooled connection; `check` turns the reply into an error or "".
  // An idle connection that the server closed (it restarted, or dropped idle clients) is
  // not a failure of the server: the command goes once more, on a new connection.
  template <class Check>
  void run(const std::vector<std::string_view> &args, Check check, std::string &error) {
    for (bool first = true;; first = false) {
      bool reused = false;
      redisContext *c = connection(error, reused);
      if (c == nullptr)
        return;
      Reply reply = command(c, args);
      if (reply == nullptr) {
        // The connection is in an unknown state (timed out mid-reply, garbage): dropped.
        bool closed = reused && first && closed_by_server(*c, errno);
        error = connection_error(c);
        redisFree(c);
        if (!closed)
          return;
        pool_.drop_idle();
        error.clear();
        continue;
      }
      if constexpr (std::is_invocable_v<Check, Reply &>)
        error = check(reply); // it may keep the reply
      else
        error = check(*reply);
      pool_.give(c);
      return;
    }
  }

  // Not a timeout: a timed-out server is asked once per back-off, never twice per request.
  static bool closed_by_server(const redisContext &c, int error_number) {
    return c.err == REDIS_ERR_EOF ||
           (c.err == REDIS_ERR_IO && (error_number == ECONNRESET || error_number == EPIPE));
  }

  // A pooled connection (`reused`), or a new one, authenticated and on the spec's database.
  redisContext *connection(std::string &error, bool &reused) {
    reused = false;
    if (redisContext *c = pool_.take()) {
      reused = true;
      return c;
    }
    redisContext *c = redisConnectWithTimeout(spec_.host.c_str(), spec_.port, to_timeval(spec_.connect_timeout));
    if (c == nullptr || c->err != 0) {
      error = c != nullptr ? "cannot connect: " + std::string(c->errstr) : "cannot connect";
      redisFree(c);
      return nullptr;
    }
    redisSetTimeout(c, to_timeval(spec_.timeout));
    auto setup = [&](const std::vector<std::string_view> &args) {
      Reply reply = command(c, args);
      if (reply == nullptr)
        error = connection_error(c);
      else if (reply->type == REDIS_REPLY_ERROR)
        error = std::string(args[0]) + " refused: " + std::string(reply->str, reply->len);
      return error.empty();
    };
    bool ok = true;
    if (!spec_.password.empty()) // never echoed: the error names the command, not its words
      ok = spec_.user.empty() ? setup({"AUTH", spec_.password}) : setup({"AUTH", spec_.user, spec_.password});
    if (ok && spec_.db != 0)
      ok = setup({"SELECT", std::to_string(spec_.db)});
    if (!ok) {
      redisFree(c);
      return nullptr;
    }
    return c;
  }

  RemoteSpec spec_;
  ConnectionPool<redisContext, redisFree> pool_;
};

} // namespace

std::unique_ptr<RemoteBackend> make_redis_backend(const RemoteSpec &spec) {
  return std::make_unique<RedisBackend>(spec);
}

} // namespace npcache::detail
