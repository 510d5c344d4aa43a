#include "format.hpp"

#include <algorithm>
#include <npcache/call.hpp>

#include <cfenv>
#include <cstring>
#include <cstdio>
#include <ctime>
#include <utility>

namespace npcache::cli {

std::string human_size(std::uint64_t bytes) {
  static const char *const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
  return buf;
}

namespace {
std::string format_time(std::uint64_t unix_ns, bool utc, const char *format) {
  std::time_t seconds = static_cast<std::time_t>(unix_ns / 1000000000u);
  std::tm parts{};
  if (utc)
    ::gmtime_r(&seconds, &parts);
  else
    ::localtime_r(&seconds, &parts);
  char buf[64];
  return std::string(buf, std::strftime(buf, sizeof buf, format, &parts));
}
} // namespace

std::string local_time(std::uint64_t unix_ns) {
  return unix_ns == 0 ? "-" : format_time(unix_ns, false, "%Y-%m-%d %H:%M:%S");
}

std::string iso_time(std::uint64_t unix_ns) {
  return unix_ns == 0 ? "" : format_time(unix_ns, true, "%Y-%m-%dT%H:%M:%SZ");
}

Table::Table(std::vector<std::string> header, std::vector<bool> left) : left_(std::move(left)) {
  left_.resize(header.size(), false);
  if (!left_.empty())
    left_[0] = true;
  rows_.push_back(std::move(header));
}

void Table::add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

std::string Table::render() const {
  std::vector<std::size_t> width(left_.size(), 0);
  for (const auto &row : rows_)
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], row[i].size());
  std::string out;
  for (const auto &row : rows_) {
    std::string line;
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
      std::string pad(width[i] - row[i].size(), ' ');
      line += (i == 0 ? "" : "  ") + (left_[i] ? row[i] + pad : pad + row[i]);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

ProgressBar::~ProgressBar() {
  if (drawn_)
    std::fputc('\n', stderr);
}

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0)
    return;
  auto now = std::chrono::steady_clock::now();
  if (done < total && drawn_ && now - last_ < std::chrono::milliseconds(100))
    return;
  last_ = now;
  drawn_ = true;
  constexpr std::size_t kWidth = 30;
  std::size_t filled = done * kWidth / total;
  std::string bar = std::string(filled, '#') + std::string(kWidth - filled, '.');
  std::fprintf(stderr, "\r%s [%s] %3zu%% %zu/%zu entries", label_.c_str(), bar.c_str(),
               done * 100 / total, done, total);
  std::fflush(stderr);
}

std::string fp_flag_names(std::uint32_t raised) {
  // On x86-64 the x87 unit's flags sit 8 bits above SSE's, in the same order.
  raised &= detail::kFpFlagBits;
  const int bits = static_cast<int>(raised | raised >> 8);
  std::string out;
  for (auto [flag, name] : {std::pair{FE_INVALID, "invalid"}, std::pair{FE_DIVBYZERO, "divbyzero"},
                            std::pair{FE_OVERFLOW, "overflow"}, std::pair{FE_UNDERFLOW, "underflow"},
                            std::pair{FE_INEXACT, "inexact"}})
    if ((bits & flag) != 0)
      out += (out.empty() ? "" : " ") + std::string(name);
  return out.empty() ? "none" : out;
}

std::string errno_name(std::uint32_t raised) {
  const int value = static_cast<int>(raised >> detail::kErrnoShift);
  if (value == 0)
    return "none";
  const char *name = ::strerrorname_np(value);
  return name != nullptr ? name : std::to_string(value);
}

} // namespace npcache::cli
