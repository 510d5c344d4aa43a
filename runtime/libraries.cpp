// Which loaded library defines each symbol a cached function reaches outside its link, and
// that library's GNU build ID, read from its PT_NOTE segment in memory.
#include "libraries.hpp"

#include <npcache/io.hpp>

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <sys/stat.h>

#include <cstring>
#include <map>
#include <mutex>
#include <sstream>
#include <string_view>

namespace npcache::detail {
namespace {

// Every cached function reaches these (memmove, operator new, the OpenMP runtime), a system
// update replaces them together with much else, and none computes a numeric result; the
// math libraries (libm, libquadmath) and every other library count.
bool is_runtime(std::string_view name) {
  for (std::string_view prefix : {"libc.so", "ld-linux", "libstdc++.so", "libgcc_s.so", "libpthread.so",
                                  "libdl.so", "librt.so", "libgomp.so", "libatomic.so", "libnpcache.so",
                                  "libasan.so", "libubsan.so", "libtsan.so", "liblsan.so", "linux-vdso"})
    if (name.substr(0, prefix.size()) == prefix)
      return true;
  return false;
}

struct Search {
  const void *base = nullptr; // the object's lowest address, as dladdr gives it
  bool program = false;
  std::string id;    // its build ID, hex
};

std::string hex(const unsigned char *bytes, std::size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i)
    out += {kDigits[bytes[i] >> 4], kDigits[bytes[i] & 15]};
  return out;
}

int find_build_id(dl_phdr_info *info, std::size_t, void *data) {
  auto *search = static_cast<Search *>(data);
  ElfW(Addr) lowest = ~ElfW(Addr){0};
  for (int i = 0; i < info->dlpi_phnum; ++i)
    if (info->dlpi_phdr[i].p_type == PT_LOAD)
      lowest = std::min(lowest, info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
  if (reinterpret_cast<const void *>(lowest) != search->base)
    return 0;
  search->program = info->dlpi_name == nullptr || info->dlpi_name[0] == '\0';
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_NOTE)
      continue;
    const std::size_t align = segment.p_align == 8 ? 8 : 4;
    const auto *p = reinterpret_cast<const unsigned char *>(info->dlpi_addr + segment.p_vaddr);
    const unsigned char *end = p + segment.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const auto *note = reinterpret_cast<const ElfW(Nhdr) *>(p);
      const unsigned char *name = p + sizeof *note;
      const unsigned char *desc = name + ((note->n_namesz + align - 1) & ~(align - 1));
      if (desc + note->n_descsz > end)
        break;
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        search->id = hex(desc, note->n_descsz);
        return 1;
      }
      p = desc + ((note->n_descsz + align - 1) & ~(align - 1));
    }
  }
  return 1;
}

std::string file_identity(const struct stat &st) {
  return "file " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

// The identity of the loaded object at `base`: its build ID, or for one linked without
// any, its size and modification time. Empty for the program itself, whose code the link
// saw.
std::string identity(const Dl_info &info) {
  static std::mutex mutex;
  static std::map<const void *, std::string> known;
  std::lock_guard<std::mutex> lock(mutex);
  auto [it, added] = known.try_emplace(info.dli_fbase);
  if (added) {
    Search search;
    search.base = info.dli_fbase;
    dl_iterate_phdr(find_build_id, &search);
    struct stat st;
    if (search.program)
      it->second.clear();
    else if (!search.id.empty())
      it->second = "build-id " + search.id;
    else if (::stat(info.dli_fname, &st) == 0)
      it->second = file_identity(st);
  }
  return it->second;
}

} // namespace

LibraryCode library_code(const char *symbols, const void *near) {
  LibraryCode out;
  if (symbols == nullptr)
    return out;
  // The object whose table lists the symbols resolves them in its own dependencies first.
  void *own = nullptr;
  Dl_info near_info;
  if (near != nullptr && ::dladdr(near, &near_info) != 0 && near_info.dli_fname != nullptr)
    own = ::dlopen(near_info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
  std::map<std::string, std::string> libraries; // file name -> identity
  std::istringstream lines(symbols);
  for (std::string symbol; std::getline(lines, symbol);) {
    void *address = own != nullptr ? ::dlsym(own, symbol.c_str()) : nullptr;
    if (address == nullptr)
      address = ::dlsym(RTLD_DEFAULT, symbol.c_str());
    Dl_info info;
    if (address == nullptr || ::dladdr(address, &info) == 0 || info.dli_fname == nullptr)
      continue;
    std::string_view path = info.dli_fname;
    std::string name(path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1));
    if (is_runtime(name))
      continue;
    if (std::string id = identity(info); !id.empty())
      libraries.emplace(name, id);
  }
  if (own != nullptr)
    ::dlclose(own);
  if (libraries.empty())
    return out;
  HashSink hash;
  for (const auto &[name, id] : libraries) {
    std::string line = name + " " + id;
    hash.put(static_cast<std::uint64_t>(line.size()));
    hash.write(line.data(), line.size());
    out.dependencies += "library " + name + "\t" + hash_bytes(id.data(), id.size()).hex() + "\n";
  }
  out.digest = hash.finish();
  return out;
}

} // namespace npcache::detail
