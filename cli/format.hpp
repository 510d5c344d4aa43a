// Output for people: sizes, times, aligned tables and a progress bar.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace npcache::cli {

std::string human_size(std::uint64_t bytes);        // "1.5 MiB"
std::string local_time(std::uint64_t unix_ns);      // "2026-11-23 10:01:02", or "-" for 0
std::string iso_time(std::uint64_t unix_ns);        // "2026-11-23T10:01:02Z", or "" for 0
// An entry's raised floating-point exception flags (fp_flags()'s bits), by <cfenv>'s names:
// "overflow inexact", or "none".
std::string fp_flag_names(std::uint32_t raised);
// The errno an entry's computation set (kept above the flags), by name: "EDOM", or "none".
std::string errno_name(std::uint32_t raised);

// Columns after the first are right-aligned unless `left` says otherwise.
class Table {
public:
  explicit Table(std::vector<std::string> header, std::vector<bool> left = {});
  void add(std::vector<std::string> row);
  std::string render() const;

private:
  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> left_;
};

// Redraws one line on stderr at most ten times a second; silent unless enabled.
class ProgressBar {
public:
  ProgressBar(std::string label, bool enabled) : label_(std::move(label)), enabled_(enabled) {}
  ~ProgressBar();
  void update(std::size_t done, std::size_t total);

private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

} // namespace npcache::cli
