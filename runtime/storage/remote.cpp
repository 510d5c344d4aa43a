#include "remote.hpp"

#include "../config.hpp"
#include "../counters.hpp"
#include "../entry.hpp"
#include "../function.hpp"
#include "../log.hpp"
#include "../names.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace npcache::detail {

namespace {

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::chrono::milliseconds milliseconds(const std::string &attribute, const std::string &value) {
  std::size_t used = 0;
  long long n = -1;
  try {
    n = std::stoll(value, &used);
  } catch (const std::exception &) {
  }
  if (n <= 0 || used != value.size())
    throw std::invalid_argument("attribute '" + attribute + "' expects a positive number of milliseconds, got '" +
                                value + "'");
  return std::chrono::milliseconds(n);
}

constexpr unsigned char kSignedMagic[8] = {'N', 'P', 'C', 'S', 'I', 'G', 'N', '1'};
constexpr std::size_t kMacSize = 32;
constexpr std::size_t kSignedHeadSize = sizeof kSignedMagic + kMacSize;

// HMAC-SHA256 over the object's name, a zero byte, and the entry.
bool hmac(const std::string &key, const std::string &name, const unsigned char *data, std::size_t size,
          unsigned char mac[kMacSize]) {
  EVP_MAC *algorithm = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX *ctx = algorithm != nullptr ? EVP_MAC_CTX_new(algorithm) : nullptr;
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  std::size_t length = 0;
  const unsigned char zero = 0;
  bool ok = ctx != nullptr &&
            EVP_MAC_init(ctx, reinterpret_cast<const unsigned char *>(key.data()), key.size(), params) == 1 &&
            EVP_MAC_update(ctx, reinterpret_cast<const unsigned char *>(name.data()), name.size()) == 1 &&
            EVP_MAC_update(ctx, &zero, 1) == 1 && EVP_MAC_update(ctx, data, size) == 1 &&
            EVP_MAC_final(ctx, mac, &length, kMacSize) == 1 && length == kMacSize;
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(algorithm);
  return ok;
}

// Uploads run on one thread per process, so that a large result never holds the call
// that computed it; the exit waits for them up to the largest tier timeout.
class Uploads {
public:
  static Uploads &instance() {
    static auto *uploads = new Uploads(); // never destroyed: its thread may outlive exit's wait
    return *uploads;
  }

  // `held`, if any, is released once the entry is uploaded (or the upload failed), so that
  // a machine waiting for it finds the entry when the lock goes.
  void push(RemoteTier *tier, std::string name, std::vector<unsigned char> entry,
            std::shared_ptr<RemoteTier::HeldLock> held, RemoteBlock *shared) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queued_bytes_ + entry.size() > kMaxQueuedBytes) {
      if (log_enabled(LogLevel::info))
        log(LogLevel::info, tier->spec().display + ": " + std::to_string(queued_bytes_) +
                                " bytes are waiting to upload; this entry stays local");
      return;
    }
    start();
    queued_bytes_ += entry.size();
    queue_.push_back(Job{tier, std::move(name), std::move(entry), std::move(held), shared});
    wake_.notify_one();
  }

  bool flush(std::chrono::milliseconds limit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return done_.wait_for(lock, limit, [this] { return queue_.empty() && !busy_; });
  }

private:
  struct Job {
    RemoteTier *tier;
    std::string name;
    std::vector<unsigned char> entry;
    std::shared_ptr<RemoteTier::HeldLock> lock;
    RemoteBlock *shared; // mapped for the life of the process
  };

  // Under mutex_. A forked child has no thread of its parent's: it starts its own. The
  // parent's jobs are left alone, not destroyed: their locks are the parent's to release.
  void start() {
    if (worker_pid_ == ::getpid())
      return;
    if (!queue_.empty())
      (void)new std::deque<Job>(std::move(queue_));
    queue_.clear();
    queued_bytes_ = 0;
    busy_ = false;
    std::thread([this] { run(); }).detach(); // may throw: then nothing is queued
    worker_pid_ = ::getpid();
    static bool registered = false;
    if (!std::exchange(registered, true))
      std::atexit([] {
        std::chrono::milliseconds limit{0};
        for (RemoteTier *tier : all_remote_tiers())
          limit = std::max(limit, tier->spec().timeout);
        if (!flush_uploads(limit))
          log(LogLevel::warn, "remote uploads not finished after " + std::to_string(limit.count()) +
                                  " ms; the results stay local (npcache push uploads them)");
      });
  }

  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return !queue_.empty(); });
      Job job = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      const std::size_t size = job.entry.size();
      lock.unlock();
      job.tier->upload(job.name, job.tier->seal(job.name, std::move(job.entry)), job.shared);
      job.lock.reset();
      lock.lock();
      queued_bytes_ -= std::min(queued_bytes_, size);
      busy_ = false;
      if (queue_.empty())
        done_.notify_all();
    }
  }

  static constexpr std::size_t kMaxQueuedBytes = std::size_t(1) << 30;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<Job> queue_;
  std::size_t queued_bytes_ = 0;
  bool busy_ = false;
  pid_t worker_pid_ = 0;
};

struct Registry {
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, RemoteTier *> by_spec; // (spec, key file)
  std::vector<RemoteTier *> made;
};

Registry &registry() {
  static auto *r = new Registry(); // tiers live as long as the process
  return *r;
}

// OpenSSL registers its clean-up at exit on its first use, from whichever thread that is.
// From the upload thread, it comes after flush_uploads's handler, so it runs first (exit
// handlers run last-registered first) and frees what the uploads the exit waits for sign
// with: a crash at exit. Set up here, on the caller's thread, before any tier exists, it
// registers no clean-up at all; the process's end frees its memory. The first call in the
// process decides (libcurl's set-up included), so a program that set OpenSSL up itself
// keeps its clean-up, registered before ours and so run after it.
void prepare_openssl() {
  static std::once_flag once;
  std::call_once(once, [] { OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT | OPENSSL_INIT_LOAD_CONFIG, nullptr); });
}

// Unique per holder: which machine, process and call holds a lock. The process id is
// spelled out, since a forked child inherits its parent's generator.
std::string lock_token() {
  thread_local std::mt19937_64 random(std::random_device{}() ^ static_cast<std::uint64_t>(steady_ns()));
  char text[41];
  std::snprintf(text, sizeof text, "%016llx%08x%016llx", static_cast<unsigned long long>(random()),
                static_cast<unsigned>(::getpid()), static_cast<unsigned long long>(random()));
  return text;
}

// The key in `path`, trailing white space dropped (`echo secret > key`); empty on error.
std::string read_key_file(const std::string &path, std::string &why) {
  std::ifstream in(path, std::ios::binary);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof())
    why = "cannot read the remote key file " + path;
  while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back())))
    key.pop_back();
  if (why.empty() && key.empty())
    why = "the remote key file " + path + " is empty or cannot be read";
  return why.empty() ? key : std::string();
}

} // namespace

RemoteSpec parse_remote_spec(const std::string &text) {
  RemoteSpec spec;
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    std::size_t bar = text.find('|', start);
    parts.push_back(text.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos)
      break;
    start = bar + 1;
  }
  spec.url = parts[0];
  const std::string &url = spec.url;
  std::size_t scheme_end = url.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  if (scheme == "redis")
    spec.kind = RemoteSpec::Kind::redis;
  else if (scheme == "http" || scheme == "https")
    spec.kind = RemoteSpec::Kind::http;
  else // the text may hold a password: only its scheme is shown
    throw std::invalid_argument("expected a redis://, http:// or https:// URL, got one starting '" +
                                (scheme_end == std::string::npos ? std::string() : scheme) + "'");
  std::size_t authority_start = scheme_end + 3;
  std::size_t authority_end = url.find('/', authority_start);
  std::string authority = url.substr(authority_start, authority_end == std::string::npos ? std::string::npos
                                                                                          : authority_end - authority_start);
  std::string path = authority_end == std::string::npos ? "" : url.substr(authority_end);
  std::string host_port = authority;
  std::string shown_authority = authority;
  if (std::size_t at = authority.rfind('@'); at != std::string::npos) {
    std::string userinfo = authority.substr(0, at);
    host_port = authority.substr(at + 1);
    std::size_t colon = userinfo.find(':');
    if (spec.kind == RemoteSpec::Kind::redis) {
      // redis://[[USER:]PASSWORD@]HOST...: a single word is the password.
      spec.user = colon == std::string::npos ? "" : userinfo.substr(0, colon);
      spec.password = colon == std::string::npos ? userinfo : userinfo.substr(colon + 1);
    }
    const std::string user = colon == std::string::npos ? std::string() : userinfo.substr(0, colon);
    shown_authority = (user.empty() ? std::string() : user + "@") + host_port;
  }
  spec.display = scheme + "://" + shown_authority + path;
  if (host_port.empty())
    throw std::invalid_argument("'" + spec.display + "': the URL names no host");
  std::size_t port_colon = host_port.rfind(':');
  if (port_colon != std::string::npos && host_port.find(']', port_colon) == std::string::npos) {
    std::string port = host_port.substr(port_colon + 1);
    std::size_t used = 0;
    int n = -1;
    try {
      n = std::stoi(port, &used);
    } catch (const std::exception &) {
    }
    if (n <= 0 || n > 65535 || used != port.size())
      throw std::invalid_argument("'" + spec.display + "': '" + port + "' is not a port");
    spec.port = n;
    spec.host = host_port.substr(0, port_colon);
  } else {
    spec.host = host_port;
  }
  if (spec.host.size() > 2 && spec.host.front() == '[' && spec.host.back() == ']')
    spec.host = spec.host.substr(1, spec.host.size() - 2);
  if (spec.kind == RemoteSpec::Kind::redis) {
    if (spec.port == 0)
      spec.port = 6379;
    if (path.size() > 1) {
      std::size_t used = 0;
      try {
        spec.db = std::stoi(path.substr(1), &used);
      } catch (const std::exception &) {
        used = 0;
      }
      if (used != path.size() - 1 || spec.db < 0)
        throw std::invalid_argument("'" + spec.display + "': '" + path.substr(1) + "' is not a database number");
    }
  } else {
    spec.base = url;
    if (spec.base.back() != '/')
      spec.base += '/';
  }
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string &attribute = parts[i];
    std::size_t eq = attribute.find('=');
    std::string name = attribute.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : attribute.substr(eq + 1);
    if (name == "read-only" && eq == std::string::npos)
      spec.read_only = true;
    else if (name == "connect-timeout" && eq != std::string::npos)
      spec.connect_timeout = milliseconds(name, value);
    else if ((name == "timeout" || name == "operation-timeout") && eq != std::string::npos)
      spec.timeout = milliseconds(name, value);
    else if (name == "back-off" && eq != std::string::npos)
      spec.back_off = milliseconds(name, value);
    else if (name == "lock-ttl" && eq != std::string::npos)
      spec.lock_ttl = milliseconds(name, value);
    else if (name == "prefix" && eq != std::string::npos)
      spec.prefix = value;
    else
      throw std::invalid_argument("'" + spec.display + "': unknown attribute '" + attribute +
                                  "'; expected read-only, connect-timeout=MS, timeout=MS, back-off=MS, lock-ttl=MS or prefix=TEXT");
  }
  return spec;
}

RemoteTier::RemoteTier(RemoteSpec spec, std::unique_ptr<RemoteBackend> backend, std::string signing_key)
    : spec_(std::move(spec)), backend_(std::move(backend)), key_(std::move(signing_key)) {}

bool RemoteTier::available() {
  std::int64_t retry_at = retry_at_ns_.load(std::memory_order_relaxed);
  return retry_at == 0 || steady_ns() >= retry_at;
}

void RemoteTier::count(RemoteBlock *shared, std::atomic<std::uint64_t> RemoteTier::*mine,
                       std::uint64_t RemoteBlock::*theirs, std::uint64_t n) {
  (this->*mine).fetch_add(n, std::memory_order_relaxed);
  if (shared != nullptr)
    atomic_add(shared->*theirs, n);
}

void RemoteTier::failed(const std::string &what, RemoteBlock *shared) {
  count(shared, &RemoteTier::errors_, &RemoteBlock::errors);
  retry_at_ns_.store(steady_ns() + std::chrono::nanoseconds(spec_.back_off).count(), std::memory_order_relaxed);
  if (!warned_.exchange(true))
    log(LogLevel::warn, spec_.display + ": " + what + "; skipping this remote tier for " +
                            std::to_string(spec_.back_off.count()) + " ms after each failure");
}

std::string RemoteTier::object_name(const Request &request) const {
  return object_name(request.fn.local.dir_name(), request.key);
}

std::string RemoteTier::object_name(const std::string &function_dir, const Key128 &key) const {
  return spec_.prefix + function_dir + "/" + entry_file_name(key, {});
}

std::string RemoteTier::push(const std::string &name, std::vector<unsigned char> entry, bool *uploaded) {
  if (uploaded != nullptr)
    *uploaded = false;
  if (spec_.read_only)
    return "the tier is read-only";
  std::string error;
  // Same name, same key: a value there is this one (a wrong one is a miss, then replaced).
  if (Fetched::Status there = backend_->exists(name, error); there != Fetched::Status::absent)
    return there == Fetched::Status::found ? std::string() : error;
  if (uploaded != nullptr)
    *uploaded = true;
  if (!backend_->fits(entry.size() + kSignedHeadSize))
    return "the entry is larger than the server takes";
  std::vector<unsigned char> object = seal(name, std::move(entry));
  error = object.empty() ? "cannot sign the entry" : backend_->put(name, object.data(), object.size());
  if (error.empty())
    count(nullptr, &RemoteTier::bytes_written_, &RemoteBlock::bytes_written, object.size());
  return error;
}

std::string RemoteTier::check() {
  const std::string name = spec_.prefix + "npcache-check/" + lock_token();
  if (spec_.read_only) {
    Fetched fetched = backend_->get(name);
    return fetched.status == Fetched::Status::failed ? "reading: " + fetched.error : std::string();
  }
  const std::string text = "npcache remote check";
  if (std::string error = backend_->put(name, reinterpret_cast<const unsigned char *>(text.data()), text.size());
      !error.empty())
    return "writing: " + error;
  Fetched fetched = backend_->get(name);
  if (fetched.status == Fetched::Status::failed)
    return "reading: " + fetched.error;
  if (fetched.status == Fetched::Status::absent)
    return "an object written is not found when read back (is the URL a directory the server writes?)";
  if (std::string(reinterpret_cast<const char *>(fetched.data), fetched.size) != text)
    return "an object written reads back different";
  backend_->remove(name);
  if (backend_->can_lock()) {
    std::string error;
    int taken = backend_->try_lock(name + ".lock", name, std::chrono::milliseconds(10000), error);
    if (taken != 1)
      return "locking: " + (error.empty() ? std::string("a new lock is held by someone else") : error);
    backend_->unlock(name + ".lock", name);
  }
  return {};
}

std::vector<unsigned char> RemoteTier::seal(const std::string &name, std::vector<unsigned char> entry) const {
  if (key_.empty())
    return entry;
  std::vector<unsigned char> object(kSignedHeadSize + entry.size());
  std::memcpy(object.data(), kSignedMagic, sizeof kSignedMagic);
  if (!hmac(key_, name, entry.data(), entry.size(), object.data() + sizeof kSignedMagic))
    return {};
  if (!entry.empty())
    std::memcpy(object.data() + kSignedHeadSize, entry.data(), entry.size());
  return object;
}

const unsigned char *RemoteTier::open(const std::string &name, const unsigned char *object, std::size_t object_size,
                                      std::size_t &size, std::string &why) const {
  bool is_signed = object_size >= kSignedHeadSize && std::memcmp(object, kSignedMagic, sizeof kSignedMagic) == 0;
  if (!is_signed) {
    if (!key_.empty()) {
      why = "unsigned, and a remote key is set";
      return nullptr;
    }
    size = object_size;
    return object;
  }
  size = object_size - kSignedHeadSize;
  const unsigned char *entry = object + kSignedHeadSize;
  if (key_.empty())
    return entry; // no key, no policy: the entry's own checks still apply
  unsigned char mac[kMacSize];
  if (!hmac(key_, name, entry, size, mac) || CRYPTO_memcmp(mac, object + sizeof kSignedMagic, kMacSize) != 0) {
    why = "wrongly signed";
    return nullptr;
  }
  return entry;
}

ReadResult RemoteTier::find(const Request &request, void *out) { return find(request, out, true); }

ReadResult RemoteTier::find(const Request &request, void *out, bool count_miss) {
  if (!available())
    return ReadResult{ReadStatus::absent, {}};
  const std::string name = object_name(request);
  Fetched fetched;
  try {
    fetched = backend_->get(name);
  } catch (const std::exception &e) { // out of memory for a huge reply: a failure, not the call's
    fetched = Fetched{Fetched::Status::failed, nullptr, 0, nullptr, e.what()};
  }
  RemoteBlock *shared = request.fn.local.remote_counters(spec_.display);
  if (fetched.status == Fetched::Status::failed) {
    failed(fetched.error, shared);
    return ReadResult{ReadStatus::absent, {}};
  }
  if (fetched.status == Fetched::Status::absent) {
    if (count_miss)
      count(shared, &RemoteTier::misses_, &RemoteBlock::misses);
    return ReadResult{ReadStatus::absent, {}};
  }
  count(shared, &RemoteTier::bytes_read_, &RemoteBlock::bytes_read, fetched.size);
  std::size_t size = 0;
  std::string why;
  const unsigned char *entry = open(name, fetched.data, fetched.size, size, why);
  ReadResult r = entry == nullptr
                     ? ReadResult{ReadStatus::untrusted, why}
                     : read_entry_bytes(entry, size,
                                        Expectation{request.key, request.fn.meta_prefix,
                                                    *request.fn.settings.max_age_seconds},
                                        request.ops.decode, out);
  if (r.status == ReadStatus::ok) {
    count(shared, &RemoteTier::hits_, &RemoteBlock::hits);
    request.fn.cache->remote_hits.fetch_add(1, std::memory_order_relaxed);
  } else {
    if (r.status == ReadStatus::expired)
      count(shared, &RemoteTier::misses_, &RemoteBlock::misses);
    else
      count(shared, &RemoteTier::errors_, &RemoteBlock::errors);
  }
  return r;
}

void RemoteTier::keep(const Request &request, const void *value, const ReadResult *loaded) noexcept {
  const Function &fn = request.fn;
  if (loaded != nullptr || spec_.read_only || !*fn.settings.write || !available())
    return;
  try {
    EntryHeader header;
    header.key = request.key;
    header.raised_fp = request.raised_fp;
    header.meta = EntryMeta{fn.name, fn.signature, request.readable, fn.code.digest, fn.code.build_context,
                            *fn.settings.version};
    std::vector<unsigned char> entry;
    if (!encode_entry(header, request.ops.encode, value, *fn.settings.compress, *fn.settings.level, entry).empty())
      return; // the local tier says why, once
    if (!backend_->fits(entry.size() + kSignedHeadSize)) {
      if (log_enabled(LogLevel::info))
        log(LogLevel::info, spec_.display + ": an entry of " + std::to_string(entry.size()) +
                                " bytes is larger than the server takes; it stays local");
      return;
    }
    const std::string name = object_name(request);
    Uploads::instance().push(this, name, std::move(entry), take_lock(name), request.fn.local.remote_counters(spec_.display));
  } catch (const std::exception &) {
    // Out of memory for the copy: the result is cached locally all the same.
  }
}

void RemoteTier::upload(const std::string &name, const std::vector<unsigned char> &object, RemoteBlock *shared) {
  if (object.empty() || !available())
    return;
  if (std::string error = backend_->put(name, object.data(), object.size()); !error.empty())
    failed("cannot upload: " + error, shared);
  else
    count(shared, &RemoteTier::bytes_written_, &RemoteBlock::bytes_written, object.size());
}

// A lock taken on the server, renewed by its own thread until dropped.
struct RemoteTier::HeldLock {
  HeldLock(RemoteTier &tier, std::string name, std::string token)
      : tier(tier), name(std::move(name)), token(std::move(token)) {
    renewer = std::thread([this] {
      const std::chrono::milliseconds ttl = this->tier.spec().lock_ttl;
      std::unique_lock<std::mutex> lock(mutex);
      while (!wake.wait_for(lock, ttl / 3, [this] { return stop; }))
        this->tier.backend().renew(this->name, this->token, ttl);
    });
  }
  ~HeldLock() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
    }
    wake.notify_one();
    renewer.join();
    tier.backend().unlock(name, token);
  }
  RemoteTier &tier;
  const std::string name, token;
  std::mutex mutex;
  std::condition_variable wake;
  bool stop = false;
  std::thread renewer;
};

namespace {

struct LockRef {
  RemoteTier *tier;
  std::string name;
};

void release_lock(void *state) noexcept {
  std::unique_ptr<LockRef> ref(static_cast<LockRef *>(state));
  ref->tier->take_lock(ref->name); // dropped here, unless an upload took it
}

} // namespace

std::shared_ptr<RemoteTier::HeldLock> RemoteTier::take_lock(const std::string &name) {
  std::lock_guard<std::mutex> lock(held_mutex_);
  auto it = held_.find(name);
  if (it == held_.end())
    return nullptr;
  std::shared_ptr<HeldLock> held = std::move(it->second);
  held_.erase(it);
  return held;
}

ReadResult RemoteTier::wait_or_lock(const Request &request, void *out, MissLock &lock) {
  try {
    return lock_or_wait(request, out, lock);
  } catch (const std::exception &e) { // no thread or memory for the lock: computed without it
    failed(std::string("cannot take a lock: ") + e.what(), request.fn.local.remote_counters(spec_.display));
    return ReadResult{ReadStatus::absent, {}};
  }
}

ReadResult RemoteTier::lock_or_wait(const Request &request, void *out, MissLock &lock) {
  const Function &fn = request.fn;
  const ReadResult absent{ReadStatus::absent, {}};
  if (lock.holds_remote() || spec_.read_only || !backend_->can_lock() || !*fn.settings.write ||
      *fn.settings.lock_timeout_seconds <= 0 || !available())
    return absent;
  const std::string name = object_name(request);
  const std::string lock_name = name + ".lock";
  const std::string token = lock_token();
  const std::int64_t deadline = steady_ns() + *fn.settings.lock_timeout_seconds * 1'000'000'000;
  auto pause = std::chrono::milliseconds(20);
  for (;;) {
    std::string error;
    int taken = backend_->try_lock(lock_name, token, spec_.lock_ttl, error);
    if (taken < 0) {
      failed(error, request.fn.local.remote_counters(spec_.display));
      return absent;
    }
    if (taken == 1) {
      auto held = std::make_shared<HeldLock>(*this, lock_name, token);
      // The holder may have uploaded and let go between the last look and the lock.
      if (ReadResult r = find(request, out, false); r.status == ReadStatus::ok)
        return r;
      {
        std::lock_guard<std::mutex> guard(held_mutex_);
        held_[name] = std::move(held);
      }
      lock.hold_remote(release_lock, new LockRef{this, name});
      return absent;
    }
    if (steady_ns() + std::chrono::nanoseconds(pause).count() > deadline)
      return absent; // waited lock_timeout: computed here too
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
    if (ReadResult r = find(request, out, false); r.status != ReadStatus::absent || !available())
      return r;
  }
}

std::string RemoteTier::where(const Request &request) const { return spec_.display + " " + object_name(request); }

RemoteCounters RemoteTier::counters() const {
  return RemoteCounters{hits_.load(), misses_.load(), errors_.load(), bytes_read_.load(), bytes_written_.load()};
}

std::vector<RemoteTier *> remote_tiers(const Settings &settings) {
  std::vector<RemoteTier *> tiers;
  if (!settings.remote.value_or(true) || !settings.remote_storage)
    return tiers;
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  const std::string key_file = settings.remote_key_file.value_or("");
  for (const std::string &text : *settings.remote_storage) {
    auto found = r.by_spec.find({text, key_file});
    if (found != r.by_spec.end()) {
      if (found->second != nullptr)
        tiers.push_back(found->second);
      continue;
    }
    RemoteTier *tier = nullptr;
    std::string why;
    prepare_openssl();
    try {
      RemoteSpec spec = parse_remote_spec(text);
      std::string key = key_file.empty() ? std::string() : read_key_file(key_file, why);
      if (why.empty()) {
        std::unique_ptr<RemoteBackend> backend =
            spec.kind == RemoteSpec::Kind::redis ? make_redis_backend(spec) : make_http_backend(spec);
        tier = new RemoteTier(std::move(spec), std::move(backend), std::move(key));
        r.made.push_back(tier);
      } else {
        why = spec.display + ": " + why;
      }
    } catch (const std::exception &e) {
      why = e.what();
    }
    // A tier whose key cannot be read is left out rather than trusted without one.
    if (tier == nullptr)
      log(LogLevel::warn, why + "; this remote tier is not used");
    r.by_spec[{text, key_file}] = tier;
    if (tier != nullptr)
      tiers.push_back(tier);
  }
  return tiers;
}

std::vector<RemoteTier *> environment_remote_tiers() {
  Settings s = builtin_settings();
  s.merge(environment().file.defaults);
  s.merge(environment().settings);
  return remote_tiers(s);
}

std::vector<RemoteTier *> all_remote_tiers() {
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.made;
}

bool flush_uploads(std::chrono::milliseconds limit) { return Uploads::instance().flush(limit); }

} // namespace npcache::detail
