// Remote tiers: a Redis server or an HTTP server (WebDAV, bazel-remote, ccache's HTTP
// storage, S3 presigned URLs) shared by machines, behind the local tier. One object per
// entry, holding the entry byte for byte as an entry file holds it (or signed, below), so
// that a remote entry is verified exactly as a local one. The backends live in remote/;
// this file is what they share: the spec, the tier, the failure back-off and the uploads.
#pragma once

#include "../counters.hpp"
#include "tier.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <unistd.h>

namespace npcache::detail {

// One remote tier as configured: "URL|attribute|attribute=value", as ccache's
// remote_storage spells it (docs/REMOTE.md).
struct RemoteSpec {
  enum class Kind { redis, http };
  Kind kind = Kind::http;
  std::string url;     // as given, credentials and all; never logged
  std::string display; // the URL without its password, for messages
  std::string host;
  int port = 0;
  std::string user, password; // redis
  int db = 0;                 // redis
  std::string base;           // http: the URL, ending in '/', that object names follow
  bool read_only = false;
  std::chrono::milliseconds connect_timeout{100};
  std::chrono::milliseconds timeout{10000};
  // How long the tier is skipped after a failure, so that a server that is down costs one
  // timeout per period rather than one per call.
  std::chrono::milliseconds back_off{30000};
  // Compute-once across machines (Redis): how long a lock outlives a holder that died.
  // The holder renews it every third of that.
  std::chrono::milliseconds lock_ttl{10000};
  std::string prefix; // put before every object's name
};

// Throws std::invalid_argument saying what is wrong with `text`.
NPCACHE_API RemoteSpec parse_remote_spec(const std::string &text);

// What a backend got for one object.
struct Fetched {
  enum class Status { found, absent, failed };
  Status status = Status::absent;
  // found: the object, where the client received it (no copy), kept alive by `owner`
  const unsigned char *data = nullptr;
  std::size_t size = 0;
  std::shared_ptr<const void> owner;
  std::string error; // failed: what went wrong, without credentials
};

// The server side of a remote tier. Thread-safe; every call returns within the spec's
// timeouts and reports failure rather than throwing.
class RemoteBackend {
public:
  virtual ~RemoteBackend() = default;
  virtual Fetched get(const std::string &name) = 0;
  // Empty, or what failed.
  virtual std::string put(const std::string &name, const unsigned char *data, std::size_t size) = 0;
  // Whether objects of `size` bytes fit at all (Redis: 512 MB).
  virtual bool fits(std::size_t size) const = 0;
  // Best effort: npcache remote check's test object.
  virtual void remove(const std::string &name) = 0;
  // Whether the server holds `name`, without its bytes (HEAD, EXISTS); failed with
  // `error` set when it cannot say.
  virtual Fetched::Status exists(const std::string &name, std::string &error) = 0;

  // Locks with an expiry, for compute-once across machines; a backend without them
  // (HTTP) says false to can_lock().
  virtual bool can_lock() const { return false; }
  // 1: taken; 0: another holder has it; -1: failed, with `error` set.
  virtual int try_lock(const std::string &name, const std::string &token, std::chrono::milliseconds ttl,
                       std::string &error) {
    (void)name, (void)token, (void)ttl;
    error = "no locks";
    return -1;
  }
  // Both act only while `token` holds the lock.
  virtual void renew(const std::string &name, const std::string &token, std::chrono::milliseconds ttl) {
    (void)name, (void)token, (void)ttl;
  }
  virtual void unlock(const std::string &name, const std::string &token) { (void)name, (void)token; }
};

// A backend's idle connections, reused across requests and threads. A forked child neither
// uses its parent's connections nor closes them (closing could send the server a message
// that ends the parent's session): it forgets them and opens its own.
template <class Handle, void (*Free)(Handle *)> class ConnectionPool {
public:
  ConnectionPool() = default;
  ConnectionPool(const ConnectionPool &) = delete;
  ConnectionPool &operator=(const ConnectionPool &) = delete;
  ~ConnectionPool() {
    for (Handle *h : idle_)
      Free(h);
  }

  // An idle connection, or nullptr: then the caller opens one.
  Handle *take() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pid_ != ::getpid()) {
      idle_.clear();
      pid_ = ::getpid();
    }
    if (idle_.empty())
      return nullptr;
    Handle *h = idle_.back();
    idle_.pop_back();
    return h;
  }

  // Back for reuse, once the request on it ended cleanly.
  void give(Handle *h) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pid_ == ::getpid())
      idle_.push_back(h);
    else
      Free(h);
  }

  // Closes the idle connections: one of them was found closed by the server (a restart),
  // and those that idled beside it are closed too.
  void drop_idle() {
    std::vector<Handle *> dropped;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (pid_ == ::getpid())
        dropped.swap(idle_);
      else
        idle_.clear();
    }
    for (Handle *h : dropped)
      Free(h);
  }

private:
  std::mutex mutex_;
  std::vector<Handle *> idle_;
  pid_t pid_ = ::getpid(); // whose connections idle_ holds
};

NPCACHE_API std::unique_ptr<RemoteBackend> make_redis_backend(const RemoteSpec &spec);
NPCACHE_API std::unique_ptr<RemoteBackend> make_http_backend(const RemoteSpec &spec);

struct RemoteCounters {
  std::uint64_t hits = 0, misses = 0, errors = 0, bytes_read = 0, bytes_written = 0;
};

class NPCACHE_API RemoteTier final : public Tier {
public:
  // `signing_key` empty: entries are neither signed nor required to be.
  RemoteTier(RemoteSpec spec, std::unique_ptr<RemoteBackend> backend, std::string signing_key);

  ReadResult find(const Request &request, void *out) override;
  // Uploads a result this process computed, in the background (flush_uploads). Results
  // loaded from a farther tier are not passed between remotes.
  void keep(const Request &request, const void *value, const ReadResult *loaded) noexcept override;
  std::string where(const Request &request) const override;
  bool remote() const override { return true; }
  // Compute-once across machines: the lock is held, and renewed, until the result is
  // uploaded or the call ends without one; a holder that dies loses it after lock_ttl.
  ReadResult wait_or_lock(const Request &request, void *out, MissLock &lock) override;

  const RemoteSpec &spec() const { return spec_; }
  RemoteCounters counters() const;

  // The object as stored: the entry, or with a key "NPCSIGN1", its HMAC-SHA256 over the
  // object's name and the entry, then the entry.
  std::vector<unsigned char> seal(const std::string &name, std::vector<unsigned char> entry) const;
  // The entry inside `object`, or null with `why` set when a key is set and the object is
  // unsigned or wrongly signed.
  const unsigned char *open(const std::string &name, const unsigned char *object, std::size_t object_size,
                            std::size_t &size, std::string &why) const;
  // Used by the uploads: puts `object` unless the tier is backing off, counting it.
  void upload(const std::string &name, const std::vector<unsigned char> &object, RemoteBlock *shared);
  struct HeldLock;
  // The lock held for the entry `name`, if any, now the caller's: released when dropped.
  std::shared_ptr<HeldLock> take_lock(const std::string &name);
  RemoteBackend &backend() { return *backend_; }
  // The object name of an entry: prefix, the function's directory name, the key.
  std::string object_name(const Request &request) const;
  std::string object_name(const std::string &function_dir, const Key128 &key) const;
  // Uploads a whole entry now, signed if the tier has a key, unless the server holds it
  // already (npcache push): *uploaded says which. Empty, or what failed.
  std::string push(const std::string &name, std::vector<unsigned char> entry, bool *uploaded = nullptr);
  // Writes, reads back and removes a test object, and takes and drops a lock where the
  // tier has locks (npcache remote check). Empty, or what is wrong.
  std::string check();

private:
  ReadResult lock_or_wait(const Request &request, void *out, MissLock &lock);
  // find(), where a miss is not counted again (wait_or_lock() looks more than once per call).
  ReadResult find(const Request &request, void *out, bool count_miss);
  // Counts in this process and in the cache directory's RemoteBlock (null: none).
  void count(RemoteBlock *shared, std::atomic<std::uint64_t> RemoteTier::*mine,
             std::uint64_t RemoteBlock::*theirs, std::uint64_t n = 1);
  // False while the tier backs off after a failure.
  bool available();
  // Warns (once per tier and process), counts an error, and skips the tier for
  // spec_.back_off.
  void failed(const std::string &what, RemoteBlock *shared);

  RemoteSpec spec_;
  std::unique_ptr<RemoteBackend> backend_;
  std::string key_;
  std::atomic<std::int64_t> retry_at_ns_{0};
  std::atomic<bool> warned_{false};
  std::atomic<std::uint64_t> hits_{0}, misses_{0}, errors_{0}, bytes_read_{0}, bytes_written_{0};
  std::mutex held_mutex_;
  std::map<std::string, std::shared_ptr<HeldLock>> held_; // by entry name
};

// The tiers `settings` names, made once per process for each spec and key file and kept
// for its life. A spec that cannot be used (a key file that cannot be read) is left out
// with a warning.
NPCACHE_API std::vector<RemoteTier *> remote_tiers(const Settings &settings);
// The tiers the environment sets (NPCACHE_REMOTE, NPCACHE_CONFIG), for the command.
NPCACHE_API std::vector<RemoteTier *> environment_remote_tiers();
// Every remote tier this process made, in the order made.
NPCACHE_API std::vector<RemoteTier *> all_remote_tiers();

// Waits until the uploads queued so far are done, or `limit` passed; false if not all are.
// Called at exit with the largest tier timeout.
NPCACHE_API bool flush_uploads(std::chrono::milliseconds limit);

} // namespace npcache::detail
