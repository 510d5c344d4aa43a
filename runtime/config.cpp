#include "config.hpp"
#include "log.hpp"
#include "storage/remote.hpp"

#include <npcache/cache.hpp>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fnmatch.h>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

namespace npcache {

// Ordered: "functions" patterns apply in the order the file gives them.
using json = nlohmann::ordered_json;

void Settings::merge(const Settings &above) {
  auto take = [](auto &mine, const auto &theirs) {
    if (theirs)
      mine = theirs;
  };
  take(enabled, above.enabled);
  take(write, above.write);
  take(refresh, above.refresh);
  take(memory, above.memory);
  take(memory_size_bytes, above.memory_size_bytes);
  take(small_store_bytes, above.small_store_bytes);
  take(compress, above.compress);
  take(level, above.level);
  take(key, above.key);
  take(dir, above.dir);
  take(version, above.version);
  take(max_age_seconds, above.max_age_seconds);
  take(max_size_bytes, above.max_size_bytes);
  take(lock_timeout_seconds, above.lock_timeout_seconds);
  take(shared, above.shared);
  take(remote, above.remote);
  take(remote_storage, above.remote_storage);
  take(remote_key_file, above.remote_key_file);
}

Settings Config::for_function(std::string_view qualified_name) const {
  Settings out = defaults;
  std::string name(qualified_name);
  for (const auto &[pattern, settings] : functions)
    if (::fnmatch(pattern.c_str(), name.c_str(), 0) == 0)
      out.merge(settings);
  return out;
}

namespace {

// A configuration is a few lines; a file far larger is a mistake (a data file named by
// NPCACHE_CONFIG), not worth reading into memory at a program's first call.
constexpr off_t kMaxConfigBytes = 1 << 20;

// Splits "20GiB" into 20 and "GiB".
bool split_number(std::string_view text, std::uint64_t &number, std::string_view &unit) {
  std::size_t i = 0;
  number = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    std::uint64_t digit = static_cast<std::uint64_t>(text[i] - '0');
    if (number > (UINT64_MAX - digit) / 10)
      return false;
    number = number * 10 + digit;
    ++i;
  }
  if (i == 0)
    return false;
  while (i < text.size() && text[i] == ' ')
    ++i;
  unit = text.substr(i);
  return true;
}

std::uint64_t scaled(std::uint64_t number, std::uint64_t factor, std::string_view text) {
  if (factor != 0 && number > UINT64_MAX / factor)
    throw std::invalid_argument("'" + std::string(text) + "' is too large");
  return number * factor;
}

} // namespace

std::pair<int, int> compression_levels() { return {ZSTD_minCLevel(), ZSTD_maxCLevel()}; }

std::uint64_t parse_size(std::string_view text) {
  static const std::map<std::string_view, std::uint64_t> kUnits = {
      {"", 1},          {"B", 1},
      {"KB", 1000ull},  {"MB", 1000ull * 1000},  {"GB", 1000ull * 1000 * 1000},
      {"TB", 1000ull * 1000 * 1000 * 1000},
      {"KiB", 1ull << 10}, {"MiB", 1ull << 20}, {"GiB", 1ull << 30}, {"TiB", 1ull << 40}};
  std::uint64_t number;
  std::string_view unit;
  auto it = split_number(text, number, unit) ? kUnits.find(unit) : kUnits.end();
  if (it == kUnits.end())
    throw std::invalid_argument("'" + std::string(text) +
                                "' is not a size such as \"20GiB\", \"500MB\" or \"4096\"");
  return scaled(number, it->second, text);
}

std::int64_t parse_duration(std::string_view text) {
  static const std::map<std::string_view, std::uint64_t> kUnits = {
      {"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}, {"w", 7 * 86400}};
  std::uint64_t number;
  std::string_view unit;
  auto it = split_number(text, number, unit) ? kUnits.find(unit) : kUnits.end();
  if (it == kUnits.end())
    throw std::invalid_argument("'" + std::string(text) +
                                "' is not a duration such as \"7d\", \"12h\", \"30m\" or \"45s\"");
  std::uint64_t seconds = scaled(number, it->second, text);
  if (seconds > static_cast<std::uint64_t>(INT64_MAX))
    throw std::invalid_argument("'" + std::string(text) + "' is too long");
  return static_cast<std::int64_t>(seconds);
}

namespace {

// nlohmann/json does not report where a value stood, so the text is fed through an
// iterator that remembers how far the parser has read; the SAX handler below notes that
// position for each key as it is parsed.
class TrackingIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char *;
  using reference = const char &;

  TrackingIterator(const char *p, const char **cursor) : p_(p), cursor_(cursor) {}
  reference operator*() const { return *p_; }
  TrackingIterator &operator++() {
    *cursor_ = ++p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const TrackingIterator &o) const { return p_ == o.p_; }
  bool operator!=(const TrackingIterator &o) const { return p_ != o.p_; }

private:
  const char *p_;
  const char **cursor_;
};

struct Location {
  std::size_t line = 1, column = 1;
};

Location locate(std::string_view text, std::size_t offset) {
  Location loc;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else {
      ++loc.column;
    }
  }
  return loc;
}

class ConfigParser {
public:
  ConfigParser(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

  Config parse() {
    const char *cursor = text_.data();
    TrackingIterator first(text_.data(), &cursor), last(text_.data() + text_.size(), &cursor);
    Sax sax{*this, &cursor};
    json::sax_parse(first, last, &sax);
    if (!root_.is_object())
      fail(0, "", "the file must hold a JSON object");
    Config config;
    for (const auto &[name, value] : root_.items()) {
      if (name == "functions")
        read_functions(value, config);
      else
        read_setting({name}, value, config.defaults);
    }
    return config;
  }

private:
  using Path = std::vector<std::string>;

  // Builds the document and the key positions.
  struct Sax {
    ConfigParser &p;
    const char **cursor;
    std::vector<json *> stack{};
    std::vector<Path> paths{};
    std::string pending_key{};

    bool add(json value) {
      if (stack.empty()) {
        p.root_ = std::move(value);
        return true;
      }
      json &top = *stack.back();
      if (top.is_object())
        top[pending_key] = std::move(value);
      else
        top.push_back(std::move(value));
      return true;
    }
    json *add_container(json value) {
      add(std::move(value));
      if (stack.size() == 0)
        return &p.root_;
      json &top = *stack.back();
      return top.is_object() ? &top[pending_key] : &top.back();
    }
    bool null() { return add(nullptr); }
    bool boolean(bool v) { return add(v); }
    bool number_integer(json::number_integer_t v) { return add(v); }
    bool number_unsigned(json::number_unsigned_t v) { return add(v); }
    bool number_float(json::number_float_t v, const std::string &) { return add(v); }
    bool string(std::string &v) { return add(v); }
    bool binary(json::binary_t &) { return add(nullptr); }
    bool open(json container) {
      Path path = paths.empty() ? Path{} : paths.back();
      if (!stack.empty() && stack.back()->is_object())
        path.push_back(pending_key);
      stack.push_back(add_container(std::move(container)));
      paths.push_back(std::move(path));
      return true;
    }
    bool close() {
      stack.pop_back();
      paths.pop_back();
      return true;
    }
    bool start_object(std::size_t) { return open(json::object()); }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_array() { return close(); }
    bool key(std::string &k) {
      Path path = paths.back();
      path.push_back(k);
      // The cursor stands just past the key's closing quote.
      std::size_t end = static_cast<std::size_t>(*cursor - p.text_.data());
      std::size_t start = end >= k.size() + 2 ? end - k.size() - 2 : 0;
      if (stack.back()->contains(k))
        p.fail(start, join(path), "duplicate key");
      p.where_[path] = start;
      pending_key = k;
      return true;
    }
    bool parse_error(std::size_t position, const std::string &,
                     const nlohmann::detail::exception &e) {
      // e.what() reads "[json.exception.parse_error.101] parse error at line L, column C:
      // <message>"; keep the message, the location comes from `position`.
      std::string message = e.what();
      std::size_t colon = message.find(": ");
      p.fail(position > 0 ? position - 1 : 0, "",
             colon == std::string::npos ? message : message.substr(colon + 2));
      return false;
    }
  };

  static std::string join(const Path &path) {
    std::string out;
    for (const auto &part : path)
      out += (out.empty() ? "" : ".") + part;
    return out;
  }

  [[noreturn]] void fail(std::size_t offset, const std::string &key, const std::string &message) {
    Location loc = locate(text_, offset);
    std::ostringstream out;
    out << file_ << ":" << loc.line << ":" << loc.column << ": error: ";
    if (!key.empty())
      out << "key '" << key << "': ";
    out << message;
    throw config_error(out.str());
  }

  [[noreturn]] void fail_at(const Path &path, const std::string &message) {
    auto it = where_.find(path);
    fail(it == where_.end() ? 0 : it->second, join(path), message);
  }

  void read_functions(const json &value, Config &config) {
    if (!value.is_object())
      fail_at({"functions"}, "expected an object mapping name patterns to options");
    for (const auto &[pattern, options] : value.items()) {
      Path path{"functions", pattern};
      if (!options.is_object())
        fail_at(path, "expected an object of options");
      Settings settings;
      for (const auto &[name, v] : options.items())
        read_setting({"functions", pattern, name}, v, settings);
      config.functions.emplace_back(pattern, settings);
    }
  }

  bool boolean(const Path &path, const json &v) {
    if (!v.is_boolean())
      fail_at(path, "expected true or false, got " + v.dump());
    return v.get<bool>();
  }

  std::string string(const Path &path, const json &v) {
    if (!v.is_string())
      fail_at(path, "expected a string, got " + v.dump());
    return v.get<std::string>();
  }

  // A byte count, or a string such as "256MiB".
  std::uint64_t size(const Path &path, const json &v) {
    if (v.is_number_unsigned())
      return v.get<std::uint64_t>();
    if (!v.is_string())
      fail_at(path, std::string("expected ") + (path.back() == "memory" ? "true, false or " : "") +
                        "a size such as \"256MiB\", got " + v.dump());
    return parse_size(v.get<std::string>());
  }

  template <class E>
  E choice(const Path &path, const json &v, std::initializer_list<std::pair<const char *, E>> options) {
    std::string text = v.is_string() ? v.get<std::string>() : "";
    std::string names;
    for (const auto &[name, value] : options) {
      if (v.is_string() && text == name)
        return value;
      names += (names.empty() ? "\"" : ", \"") + std::string(name) + "\"";
    }
    fail_at(path, "expected one of " + names + ", got " + v.dump());
  }

  void read_setting(const Path &path, const json &v, Settings &s) {
    const std::string &name = path.back();
    try {
      if (name == "enabled")
        s.enabled = boolean(path, v);
      else if (name == "write")
        s.write = boolean(path, v);
      else if (name == "refresh")
        s.refresh = boolean(path, v);
      else if (name == "memory") {
        // true or false, or the tier's size, which turns it on.
        if (v.is_boolean()) {
          s.memory = v.get<bool>();
        } else {
          s.memory_size_bytes = size(path, v);
          s.memory = *s.memory_size_bytes != 0;
        }
      }
      else if (name == "small_store") {
        // true or false, or the largest entry it takes.
        if (v.is_boolean())
          s.small_store_bytes = v.get<bool>() ? kDefaultSmallStoreBytes : 0;
        else
          s.small_store_bytes = size(path, v);
      }
      else if (name == "dir") {
        s.dir = string(path, v);
        if (s.dir->empty())
          fail_at(path, "expected a directory, got an empty string");
      }
      else if (name == "version")
        s.version = string(path, v);
      else if (name == "compress")
        s.compress = choice<Compression>(path, v, {{"none", Compression::none}, {"zstd", Compression::zstd}});
      else if (name == "key")
        s.key = choice<KeyStyle>(path, v, {{"hash", KeyStyle::hash}, {"readable", KeyStyle::readable}});
      else if (name == "level") {
        auto [low, high] = compression_levels();
        // Compared as 64-bit numbers: 4294967299 must not pass as the int 3.
        bool in_range = false;
        if (v.is_number_unsigned())
          in_range = v.get<std::uint64_t>() <= static_cast<std::uint64_t>(high);
        else if (v.is_number_integer())
          in_range = v.get<std::int64_t>() >= low && v.get<std::int64_t>() <= high;
        if (!in_range)
          fail_at(path, "expected an integer from " + std::to_string(low) + " to " +
                            std::to_string(high) + ", got " + v.dump());
        s.level = static_cast<int>(v.get<std::int64_t>());
      } else if (name == "max_age") {
        s.max_age_seconds = v.is_null() ? 0 : parse_duration(string(path, v));
      } else if (name == "max_size") {
        s.max_size_bytes = v.is_null() ? 0 : size(path, v);
      } else if (name == "lock_timeout") {
        s.lock_timeout_seconds = v.is_null() ? 0 : parse_duration(string(path, v));
      } else if (name == "shared") {
        s.shared = choice<Sharing>(path, v, {{"none", Sharing::none}, {"group", Sharing::group}});
      } else if (name == "remote") {
        // true or false for this function, or the list of tiers.
        if (v.is_boolean()) {
          s.remote = v.get<bool>();
        } else if (v.is_array()) {
          std::vector<std::string> specs;
          for (const json &item : v) {
            if (!item.is_string())
              fail_at(path, "expected remote storage URLs as strings, got " + item.dump());
            detail::parse_remote_spec(item.get<std::string>()); // throws what is wrong with it
            specs.push_back(item.get<std::string>());
          }
          s.remote_storage = std::move(specs);
        } else {
          fail_at(path, "expected true, false or a list of remote storage URLs, got " + v.dump());
        }
      } else if (name == "remote_key_file") {
        s.remote_key_file = string(path, v);
      } else {
        fail_at(path, std::string("unknown option; expected one of enabled, write, refresh, memory, small_store, "
                                  "dir, version, compress, level, key, max_age, max_size, lock_timeout, "
                                  "shared, remote, remote_key_file") +
                          (path.size() == 1 ? ", functions" : ""));
      }
    } catch (const std::invalid_argument &e) {
      fail_at(path, e.what());
    }
  }

  std::string_view text_;
  std::string file_;
  json root_;
  std::map<Path, std::size_t> where_;
};

} // namespace

Config parse_config(std::string_view text, const std::string &file_name) {
  return ConfigParser(text, file_name).parse();
}

std::string settings_json(const Settings &s) {
  nlohmann::json out = nlohmann::json::object(); // sorted: one spelling per settings
  using json = nlohmann::json;
  auto set = [&out](const char *name, const auto &field, auto value) {
    if (field)
      out[name] = value(*field);
  };
  auto same = [](const auto &v) { return v; };
  set("enabled", s.enabled, same);
  set("write", s.write, same);
  set("refresh", s.refresh, same);
  if (s.memory && *s.memory && s.memory_size_bytes)
    out["memory"] = *s.memory_size_bytes;
  else
    set("memory", s.memory, same);
  set("small_store", s.small_store_bytes, same);
  set("compress", s.compress, [](Compression c) { return c == Compression::zstd ? "zstd" : "none"; });
  set("level", s.level, same);
  set("key", s.key, [](KeyStyle k) { return k == KeyStyle::readable ? "readable" : "hash"; });
  set("dir", s.dir, same);
  set("version", s.version, same);
  auto seconds = [](std::int64_t n) { return n == 0 ? json(nullptr) : json(std::to_string(n) + "s"); };
  set("max_age", s.max_age_seconds, seconds);
  set("max_size", s.max_size_bytes, [](std::uint64_t n) { return n == 0 ? json(nullptr) : json(n); });
  set("lock_timeout", s.lock_timeout_seconds, seconds);
  set("shared", s.shared, [](Sharing v) { return v == Sharing::group ? "group" : "none"; });
  // One key for both: false wins, as it would when the layers merge.
  if (s.remote_storage && s.remote.value_or(true))
    out["remote"] = *s.remote_storage;
  else
    set("remote", s.remote, same);
  set("remote_key_file", s.remote_key_file, same);
  return out.dump();
}

Config load_config(const std::filesystem::path &file) {
  auto fail = [&](const std::string &why) {
    return config_error(file.string() + ":1:1: error: " + why);
  };
  // Not blocking: a FIFO would otherwise hang the program's first cached call.
  int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    throw fail("cannot open the configuration file: " + std::string(std::strerror(errno)));
  struct stat st;
  std::string why;
  if (::fstat(fd, &st) != 0)
    why = "cannot read the configuration file: " + std::string(std::strerror(errno));
  else if (!S_ISREG(st.st_mode))
    why = "the configuration is not a regular file";
  else if (st.st_size > kMaxConfigBytes)
    why = "the configuration file has " + std::to_string(st.st_size) + " bytes; more than " +
          std::to_string(kMaxConfigBytes) + " is not a configuration";
  std::string text;
  if (why.empty()) {
    text.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::read(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        if (n < 0)
          why = "cannot read the configuration file: " + std::string(std::strerror(errno));
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    text.resize(done); // the file may have shrunk meanwhile
  }
  ::close(fd);
  if (!why.empty())
    throw fail(why);
  return parse_config(text, file.string());
}

namespace detail {

bool apply_mode(std::string_view mode, Settings &settings) {
  if (mode == "on") {
    settings.enabled = true;
    settings.write = true;
    settings.refresh = false;
  } else if (mode == "off") {
    settings.enabled = false;
  } else if (mode == "readonly") {
    settings.write = false;
  } else if (mode == "refresh") {
    settings.refresh = true;
  } else {
    return false;
  }
  return true;
}

Settings builtin_settings() {
  Settings s;
  s.enabled = true;
  s.write = true;
  s.refresh = false;
  s.memory = false;
  s.memory_size_bytes = 256ull << 20;
  s.small_store_bytes = kDefaultSmallStoreBytes;
  s.compress = Compression::none;
  s.level = 3;
  s.key = KeyStyle::hash;
  s.dir = ".npcache";
  s.version = "";
  s.max_age_seconds = 0;
  s.max_size_bytes = 0;
  s.lock_timeout_seconds = 600;
  s.shared = Sharing::none;
  s.remote = true;
  s.remote_storage = std::vector<std::string>{};
  s.remote_key_file = "";
  return s;
}

const Environment &environment() {
  static const Environment env = [] {
    Environment e;
    auto variable = [](const char *name) -> std::string {
      const char *value = std::getenv(name);
      return value != nullptr ? value : "";
    };
    if (std::string path = variable("NPCACHE_CONFIG"); !path.empty()) {
      try {
        e.file = load_config(path);
      } catch (const config_error &err) {
        // what() already reads "FILE:LINE:COL: error: ...".
        log(LogLevel::error, std::string(err.what()) + " (from NPCACHE_CONFIG; caching is off)",
            /*with_level=*/false);
        e.broken = true;
      } catch (const std::exception &err) { // out of memory: still never the program's failure
        log(LogLevel::error, path + ": " + err.what() + " (from NPCACHE_CONFIG; caching is off)");
        e.broken = true;
      }
    }
    if (std::string dir = variable("NPCACHE_DIR"); !dir.empty())
      e.settings.dir = dir;
    if (std::string remote = variable("NPCACHE_REMOTE"); !remote.empty()) {
      std::vector<std::string> specs;
      std::istringstream words(remote);
      try {
        for (std::string spec; words >> spec;) {
          parse_remote_spec(spec);
          specs.push_back(spec);
        }
        e.settings.remote_storage = std::move(specs);
      } catch (const std::invalid_argument &err) {
        // Local caching goes on: only what this variable asked for is off.
        log(LogLevel::error, std::string("NPCACHE_REMOTE: ") + err.what() + "; remote tiers are off");
        e.settings.remote_storage = std::vector<std::string>{};
      }
    }
    if (std::string key_file = variable("NPCACHE_REMOTE_KEY_FILE"); !key_file.empty())
      e.settings.remote_key_file = key_file;
    if (std::string mode = variable("NPCACHE_MODE"); !mode.empty() && !apply_mode(mode, e.settings)) {
      log(LogLevel::error, "NPCACHE_MODE=" + mode +
                               " is not one of on, off, readonly, refresh; caching is off");
      e.broken = true;
    }
    return e;
  }();
  return env;
}

namespace {
std::mutex g_dir_mutex;
std::optional<std::string> g_dir;
} // namespace

std::optional<std::string> runtime_cache_dir() {
  std::lock_guard<std::mutex> lock(g_dir_mutex);
  return g_dir;
}

} // namespace detail

void set_cache_dir(const std::filesystem::path &dir) {
  std::lock_guard<std::mutex> lock(detail::g_dir_mutex);
  detail::g_dir = dir.string();
}

} // namespace npcache
