// A separate program for the input-file tests: reads a file (or every file under a
// folder) through a cached function keyed on npcache::input_file (input_dir), with the
// default Cache, and says whether the function ran, what it returned, and how many files
// the process read to hash them.
//   npcache_input_probe file PATH | npcache_input_probe dir PATH
#include <npcache/input_file.hpp>
#include <npcache/npcache.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

namespace {
std::string content(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
} // namespace

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  const std::string kind = argv[1], path = argv[2];
  bool ran = false;
  npcache::Cache cache;
  std::string result;
  if (kind == "dir") {
    auto f = cache.wrap("probe::tree", [&ran](npcache::input_dir dir) {
      ran = true;
      std::set<std::string> files; // in path order
      for (const auto &e : std::filesystem::recursive_directory_iterator(dir.str()))
        if (e.is_regular_file())
          files.insert(e.path().string());
      std::string all;
      for (const std::string &file : files)
        all += std::filesystem::path(file).lexically_relative(dir.str()).string() + "=" + content(file) + ";";
      return all;
    });
    result = f(path);
  } else {
    auto f = cache.wrap("probe::bytes", [&ran](npcache::input_file file) {
      ran = true;
      std::ifstream in(file, std::ios::binary);
      return in ? content(file.str()) : std::string("<missing>");
    });
    result = f(path);
  }
  std::printf("%s hashed=%llu %s\n", ran ? "computed" : "loaded",
              static_cast<unsigned long long>(npcache::detail::input_files_hashed()), result.c_str());
  return 0;
}
