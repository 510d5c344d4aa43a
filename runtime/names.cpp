#include "names.hpp"

#include <atomic>
#include <unistd.h>

namespace npcache::detail {

namespace {
bool is_safe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '_' || c == '+' || c == '=' || c == ',' || c == '-';
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
} // namespace

std::string sanitize_component(std::string_view text, std::size_t max_length) {
  std::string out;
  out.reserve(std::min(text.size(), max_length));
  for (char c : text) {
    if (out.size() == max_length)
      break;
    char safe = is_safe(c) ? c : '_';
    // No "..", and no leading '.', so a name can neither climb nor hide.
    if (safe == '.' && (out.empty() || out.back() == '.'))
      safe = '_';
    out += safe;
  }
  return out;
}

std::string function_dir_name(const std::string &name, const std::string &signature) {
  std::string identity = name + '\0' + signature;
  Key128 digest = hash_bytes(identity.data(), identity.size());
  std::string base = sanitize_component(name, 64);
  return (base.empty() ? std::string("fn") : base) + "-" + digest.hex().substr(0, 8);
}

void append_entry_file_name(std::string &out, const Key128 &key, const std::string &readable) {
  if (!readable.empty()) {
    out += sanitize_component(readable, 80);
    out += '-';
  }
  key.append_hex(out);
  out += kEntrySuffix;
}

std::string entry_file_name(const Key128 &key, const std::string &readable) {
  std::string name;
  if (readable.empty())
    name.reserve(32 + kEntrySuffix.size()); // one allocation, not three as it grows
  append_entry_file_name(name, key, readable);
  return name;
}

std::string temp_file_name() {
  static std::atomic<unsigned long> counter{0};
  return std::string(kTempPrefix) + std::to_string(::getpid()) + "." +
         std::to_string(counter.fetch_add(1, std::memory_order_relaxed)) +
         std::string(kTempSuffix);
}


bool is_function_dir(std::string_view dir_name) {
  if (dir_name.size() < 10 || dir_name[dir_name.size() - 9] != '-')
    return false;
  for (char c : dir_name.substr(dir_name.size() - 8))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  return true;
}

bool is_entry_file(std::string_view file_name) {
  return ends_with(file_name, kEntrySuffix) && file_name.front() != '.';
}

bool is_dependency_file(std::string_view file_name) {
  return file_name.size() == 32 + kDependencySuffix.size() && ends_with(file_name, kDependencySuffix);
}

bool is_temp_file(std::string_view file_name) {
  return file_name.substr(0, kTempPrefix.size()) == kTempPrefix && ends_with(file_name, kTempSuffix);
}

bool is_lock_file(std::string_view file_name) {
  return file_name.size() == kLockPrefix.size() + 32 &&
         file_name.substr(0, kLockPrefix.size()) == kLockPrefix;
}

long temp_file_pid(std::string_view file_name) {
  if (!is_temp_file(file_name))
    return 0;
  long pid = 0;
  for (char c : file_name.substr(kTempPrefix.size())) {
    if (c < '0' || c > '9')
      break;
    if (pid > 1'000'000'000)
      return 0;
    pid = pid * 10 + (c - '0');
  }
  return pid;
}

bool entry_file_key(std::string_view file_name, Key128 &key) {
  if (!is_entry_file(file_name) || file_name.size() < 32 + kEntrySuffix.size())
    return false;
  std::string_view hex = file_name.substr(file_name.size() - kEntrySuffix.size() - 32, 32);
  return Key128::parse_hex(hex, key);
}

} // namespace npcache::detail
