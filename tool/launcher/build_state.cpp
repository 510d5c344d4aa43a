#include "build_state.hpp"

#include <cerrno>
#include <dirent.h>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace npcache::launcher {
namespace {

std::string read_text(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void make_directories(const std::string &dir) {
  for (std::size_t slash = dir.find('/', 1); ; slash = dir.find('/', slash + 1)) {
    ::mkdir(dir.substr(0, slash).c_str(), 0777);
    if (slash == std::string::npos)
      break;
  }
}

std::string path_key(const std::string &path) {
  std::string absolute = absolute_path(path);
  return hash_bytes(absolute.data(), absolute.size()).hex();
}

nlohmann::json inputs_json(const std::vector<std::pair<std::string, Key128>> &inputs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto &[path, hash] : inputs)
    out.push_back({path, hash.hex()});
  return out;
}

// Records the file that `index` (a path in the state) now names, and removes the one it
// named before, so that rebuilding the same output again and again leaves one record.
void replace_indexed(const std::string &index, const std::string &file) {
  std::string previous = read_text(index);
  if (previous == file)
    return;
  // Only a name this code wrote: "objects/..." or "libraries/...", nothing that climbs.
  bool ours = (previous.rfind("objects/", 0) == 0 || previous.rfind("libraries/", 0) == 0) &&
              previous.find("..") == std::string::npos;
  if (ours)
    ::unlink((index.substr(0, index.rfind("/paths/")) + "/" + previous).c_str());
  write_file_atomically(index, file);
}

std::optional<ObjectRecord> read_record(const std::string &file) {
  nlohmann::json j = nlohmann::json::parse(read_text(file), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return std::nullopt;
  try {
    ObjectRecord r;
    r.object = j.at("object");
    r.directory = j.at("directory");
    r.source = j.at("source");
    r.compiler = j.at("compiler");
    r.arguments = j.at("arguments").get<std::vector<std::string>>();
    for (const auto &input : j.at("inputs")) {
      Key128 hash;
      if (Key128::parse_hex(input.at(1).get<std::string>(), hash))
        r.inputs.emplace_back(input.at(0).get<std::string>(), hash);
    }
    r.rewritten = j.at("rewritten");
    r.summary = j.at("summary");
    return r;
  } catch (const nlohmann::json::exception &) {
    return std::nullopt; // a record from another version of npcache: as if none
  }
}

} // namespace

std::string absolute_path(const std::string &path) {
  if (!path.empty() && path[0] == '/')
    return path;
  char cwd[PATH_MAX];
  if (::getcwd(cwd, sizeof cwd) == nullptr)
    return path;
  std::string out = cwd;
  std::string_view rest = path;
  while (rest.substr(0, 2) == "./")
    rest.remove_prefix(2);
  return out + "/" + std::string(rest);
}

bool write_file_atomically(const std::string &path, const std::string &content) {
  make_directories(path.substr(0, path.rfind('/')));
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) {
      ::unlink(temp.c_str());
      return false;
    }
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

std::optional<Key128> hash_file(const std::string &path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return std::nullopt;
  struct stat st;
  std::optional<Key128> out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    if (st.st_size == 0) {
      out = hash_bytes(nullptr, 0);
    } else if (void *map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
               map != MAP_FAILED) {
      out = hash_bytes(map, static_cast<std::size_t>(st.st_size));
      ::munmap(map, static_cast<std::size_t>(st.st_size));
    }
  }
  ::close(fd);
  return out;
}

std::string default_state_dir() {
  if (const char *dir = std::getenv("NPCACHE_BUILD_STATE"); dir != nullptr && *dir != '\0')
    return dir;
  if (const char *cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache == '/')
    return std::string(cache) + "/npcache/build";
  const char *home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "/tmp") + "/.cache/npcache/build";
}

bool BuildState::save(const Key128 &object_hash, const ObjectRecord &record) const {
  nlohmann::json j = {{"object", record.object},       {"directory", record.directory},
                      {"source", record.source},       {"compiler", record.compiler},
                      {"arguments", record.arguments}, {"inputs", inputs_json(record.inputs)},
                      {"rewritten", record.rewritten}, {"summary", record.summary}};
  // Named by the object's path too, so that two identical objects built from different
  // paths keep a record each, and replacing one leaves the other.
  const std::string key = path_key(record.object);
  std::string name = "objects/" + object_hash.hex() + "." + key + ".json";
  if (!write_file_atomically(dir_ + "/" + name, j.dump()))
    return false;
  replace_indexed(dir_ + "/paths/" + key, name);
  return true;
}

std::optional<ObjectRecord> BuildState::load(const Key128 &object_hash) const {
  std::string file;
  if (!records_) {
    records_.emplace();
    if (DIR *d = ::opendir((dir_ + "/objects").c_str())) {
      while (struct dirent *e = ::readdir(d)) {
        std::string_view name = e->d_name;
        Key128 hash;
        if (name.size() > 33 && name[32] == '.' && Key128::parse_hex(name.substr(0, 32), hash))
          records_->emplace(hash.hex(), std::string(name));
      }
      ::closedir(d);
    }
  }
  auto it = records_->find(object_hash.hex());
  if (it == records_->end())
    return std::nullopt;
  return read_record(dir_ + "/objects/" + it->second);
}

std::optional<ObjectRecord> BuildState::load_at(const std::string &object_path) const {
  std::string name = read_text(dir_ + "/paths/" + path_key(object_path));
  if (name.rfind("objects/", 0) != 0 || name.find("..") != std::string::npos)
    return std::nullopt;
  return read_record(dir_ + "/" + name);
}

bool BuildState::save_library(const std::string &library_path, const Key128 &library_hash,
                              const std::vector<Key128> &objects) const {
  nlohmann::json list = nlohmann::json::array();
  for (const Key128 &object : objects)
    list.push_back(object.hex());
  std::string name = "libraries/" + library_hash.hex() + ".json";
  if (!write_file_atomically(dir_ + "/" + name, nlohmann::json{{"objects", list}}.dump()))
    return false;
  replace_indexed(dir_ + "/paths/" + path_key(library_path), name);
  return true;
}

std::vector<Key128> BuildState::load_library(const Key128 &library_hash) const {
  nlohmann::json j = nlohmann::json::parse(read_text(dir_ + "/libraries/" + library_hash.hex() + ".json"),
                                           nullptr, false);
  std::vector<Key128> out;
  if (j.is_object() && j.contains("objects") && j["objects"].is_array())
    for (const auto &hex : j["objects"]) {
      Key128 key;
      if (hex.is_string() && Key128::parse_hex(hex.get<std::string>(), key))
        out.push_back(key);
    }
  return out;
}

std::string BuildState::link_file(const std::string &output, const std::string &extension) const {
  return dir_ + "/links/" + path_key(output) + extension;
}

} // namespace npcache::launcher
