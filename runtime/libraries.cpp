// Which loaded library defines each symbol a cached function reaches outside its link, and
// that library's GNU build ID, read from its PT_NOTE segment in memory.
#include "libraries.hpp"

#include <npcache/call.hpp>
#include <npcache/codec/map.hpp>
#include <npcache/io.hpp>

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
// glibc 2.33 on. The header is C: GCC takes its _Bool in C++, Clang does not.
#ifdef __clang__
#define _Bool bool
#include <sys/platform/x86.h>
#undef _Bool
#else
#include <sys/platform/x86.h>
#endif
#else
#include <sys/auxv.h>
#endif

#include <atomic>
#include <cstring>
#include <cstdint>
#include <map>
#include <sstream>
#include <string_view>

namespace npcache::detail {
namespace {

bool starts_with_any(std::string_view name, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view prefix : prefixes)
    if (name.substr(0, prefix.size()) == prefix)
      return true;
  return false;
}

// What links, loads and instruments the program rather than computing in it: npcache's own
// runtime (its format version is in the key), the dynamic linker, the sanitizers, whose
// interceptors stand in for libc's functions, and the kernel's vDSO, whose build ID
// changes with the kernel.
bool is_plumbing(std::string_view name) {
  return starts_with_any(name, {"ld-linux", "libnpcache.so", "libasan.so", "libubsan.so", "libtsan.so",
                                "liblsan.so", "linux-vdso"});
}

// The C and C++ runtimes, which every cached function reaches (memmove, operator new). They
// count by build ID like every library, since what they compute decides results too: the
// order in which qsort leaves equal elements is glibc's (2.39 sorts with a heapsort where
// 2.38 took a quicksort), and libstdc++.so holds the string hash and the bucket counts that
// order an unordered_map. They choose no arithmetic by the CPU, so unlike libm they do not
// bring the CPU's instruction sets into the key.
bool is_runtime(std::string_view name) {
  return starts_with_any(name, {"libc.so", "libstdc++.so", "libgcc_s.so", "libpthread.so", "libdl.so",
                                "librt.so", "libgomp.so", "libatomic.so", "libc++.so", "libc++abi.so",
                                "libunwind.so", "libomp.so"});
}

// The loaded object that holds an address, found from the program headers the dynamic
// linker keeps: 0.3 µs a symbol with dlsym, where dladdr, which also looks for the nearest
// symbol, took 10 µs in libc.
struct Search {
  std::uintptr_t address = 0;
  bool found = false;
  bool program = false; // the executable, whose code its link saw
  std::string path;
  std::string build_id; // its XXH3-128, hex; empty when it has none
};

std::string build_id_of(const dl_phdr_info &info) {
  for (int i = 0; i < info.dlpi_phnum; ++i) {
    const ElfW(Phdr) &segment = info.dlpi_phdr[i];
    if (segment.p_type != PT_NOTE)
      continue;
    const std::size_t align = segment.p_align == 8 ? 8 : 4;
    const auto *p = reinterpret_cast<const unsigned char *>(info.dlpi_addr + segment.p_vaddr);
    const unsigned char *end = p + segment.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const auto *note = reinterpret_cast<const ElfW(Nhdr) *>(p);
      const unsigned char *name = p + sizeof *note;
      const unsigned char *desc = name + ((note->n_namesz + align - 1) & ~(align - 1));
      if (desc + note->n_descsz > end)
        break;
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0)
        return hash_bytes(desc, note->n_descsz).hex();
      p = desc + ((note->n_descsz + align - 1) & ~(align - 1));
    }
  }
  return {};
}

int find_object(dl_phdr_info *info, std::size_t, void *data) {
  auto *search = static_cast<Search *>(data);
  bool inside = false;
  for (int i = 0; i < info->dlpi_phnum && !inside; ++i) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    const std::uintptr_t start = info->dlpi_addr + segment.p_vaddr;
    inside = segment.p_type == PT_LOAD && search->address >= start && search->address - start < segment.p_memsz;
  }
  if (!inside)
    return 0;
  search->found = true;
  search->program = info->dlpi_name == nullptr || info->dlpi_name[0] == '\0';
  search->path = search->program ? "" : info->dlpi_name;
  search->build_id = build_id_of(*info);
  return 1;
}

Search object_at(const void *address) {
  Search search;
  search.address = reinterpret_cast<std::uintptr_t>(address);
  dl_iterate_phdr(find_object, &search);
  return search;
}

std::string file_identity(const struct stat &st) {
  return "file " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

// A library's identity: its build ID, or for one linked without any, its size and time.
std::string identity(const Search &object) {
  struct stat st;
  if (!object.build_id.empty())
    return "build-id " + object.build_id;
  if (::stat(object.path.c_str(), &st) == 0)
    return file_identity(st);
  return {};
}

// What the libraries of this process choose their code by, besides their build ID: the
// instruction sets the CPU has, as the C library reports them usable (so that
// GLIBC_TUNABLES' masks count). glibc's libm takes FMA builds of exp, log, pow, sin, cos,
// tan and atan when the CPU has FMA and AVX2, and 23 to 1,493 of 2 million results of each
// differ in the last bit from the builds it takes otherwise; BLAS libraries pick kernels
// by the same features and by vendor. Only extensions that add arithmetic count, so that
// machines that differ in nothing a library computes with share entries.
std::string cpu_features() {
  std::string out;
#if defined(__x86_64__) || defined(__i386__)
  unsigned int top = 0, vendor[3] = {};
  if (__get_cpuid(0, &top, &vendor[0], &vendor[2], &vendor[1]) != 0)
    out.assign(reinterpret_cast<const char *>(vendor), sizeof vendor);
#define NPCACHE_FEATURE(name) {#name, CPU_FEATURE_ACTIVE(name)}
  const std::pair<const char *, bool> features[] = {
      NPCACHE_FEATURE(SSE3), NPCACHE_FEATURE(SSSE3), NPCACHE_FEATURE(SSE4_1), NPCACHE_FEATURE(SSE4_2),
      NPCACHE_FEATURE(AVX), NPCACHE_FEATURE(F16C), NPCACHE_FEATURE(FMA), NPCACHE_FEATURE(FMA4),
      NPCACHE_FEATURE(AVX2), NPCACHE_FEATURE(AVX512F), NPCACHE_FEATURE(AVX512DQ), NPCACHE_FEATURE(AVX512CD),
      NPCACHE_FEATURE(AVX512BW), NPCACHE_FEATURE(AVX512VL), NPCACHE_FEATURE(AVX512_IFMA),
      NPCACHE_FEATURE(AVX512_VBMI), NPCACHE_FEATURE(AVX512_VNNI), NPCACHE_FEATURE(AVX512_BF16),
      NPCACHE_FEATURE(AVX512_FP16), NPCACHE_FEATURE(AVX_VNNI)};
#undef NPCACHE_FEATURE
  for (const auto &[name, active] : features)
    if (active)
      out += std::string(" ") + name;
#else
  out = "hwcap " + std::to_string(::getauxval(AT_HWCAP));
#ifdef AT_HWCAP2
  out += " " + std::to_string(::getauxval(AT_HWCAP2));
#endif
#endif
  return out;
}

// The thread queries found so far, each once, for library_threads_tag(); null after the last.
std::atomic<int (*)()> thread_queries[8];

void add_thread_query(int (*query)()) {
  for (std::atomic<int (*)()> &slot : thread_queries) {
    int (*expected)() = nullptr;
    if (slot.compare_exchange_strong(expected, query) || expected == query)
      return;
  }
}

template <class F> F find(void *library, const char *name) {
  return reinterpret_cast<F>(::dlsym(library, name));
}

// What a library decides at run time and computes by, asked of the library itself: the
// kernels it chose, for its identity, and its threads, read at every call. Both OpenBLAS
// and BLIS pick kernels by the CPU's model, not only its instruction sets (a Haswell and a
// Zen 2 have the same), and each kernel sums in its own blocks: OpenBLAS's Haswell kernels
// give 0.74999900000150577 for a ddot of 10^6 elements where its Nehalem ones give
// 0.74999900000151576 (OPENBLAS_CORETYPE forces them), and BLIS's Haswell and Sandy Bridge
// kernels another product of 64x2000 by 2000x64 (BLIS_ARCH_TYPE). OpenBLAS also splits
// such a ddot over its threads; BLIS never splits a sum (its docs: the k loop is not
// parallel), so its threads do not count.
void ask_run_time_choices(const std::string &path, std::string &identity, bool &threads) {
  void *library = ::dlopen(path.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  if (library == nullptr)
    return;
  const char *kernels = nullptr;
  if (auto corename = find<const char *(*)()>(library, "openblas_get_corename"))
    kernels = corename();
  auto arch = find<int (*)()>(library, "bli_arch_query_id");
  auto arch_name = find<const char *(*)(int)>(library, "bli_arch_string");
  // BLIS 0.9 aborts the process when asked before its first call with BLIS_ARCH_TYPE set;
  // bli_init() is what that first call would run, once.
  if (auto init = find<void (*)()>(library, "bli_init"); arch && arch_name && init) {
    init();
    kernels = arch_name(arch());
  }
  if (kernels != nullptr)
    identity += std::string(" kernels ") + kernels;
  if (auto query = find<int (*)()>(library, "openblas_get_num_threads")) {
    add_thread_query(query);
    threads = true;
  }
  ::dlclose(library);
}

} // namespace

std::uint64_t library_threads_tag() noexcept {
  int counts[std::size(thread_queries)] = {};
  for (std::size_t i = 0; i < std::size(thread_queries); ++i) {
    int (*query)() = thread_queries[i].load(std::memory_order_acquire);
    if (query == nullptr)
      break;
    counts[i] = query();
  }
  return hash_bytes(counts, sizeof counts).low;
}

std::string cpu_cache_sizes() {
  return "L1d " + std::to_string(::sysconf(_SC_LEVEL1_DCACHE_SIZE)) + " L2 " +
         std::to_string(::sysconf(_SC_LEVEL2_CACHE_SIZE)) + " L3 " + std::to_string(::sysconf(_SC_LEVEL3_CACHE_SIZE));
}

LibraryCode library_code(const char *symbols, const void *near) {
  LibraryCode out;
  if (symbols == nullptr)
    return out;
  // The object whose table lists the symbols resolves them in its own dependencies first.
  void *own = nullptr;
  if (const Search near_object = object_at(near); near_object.found && !near_object.program)
    own = ::dlopen(near_object.path.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  std::map<std::string, std::string> libraries; // file name -> identity
  bool by_cpu = false;
  std::istringstream lines(symbols);
  for (std::string symbol; std::getline(lines, symbol);) {
    void *address = own != nullptr ? ::dlsym(own, symbol.c_str()) : nullptr;
    if (address == nullptr)
      address = ::dlsym(RTLD_DEFAULT, symbol.c_str());
    const Search object = address != nullptr ? object_at(address) : Search{};
    if (!object.found || object.program)
      continue;
    std::string name = object.path.substr(object.path.rfind('/') + 1);
    if (is_plumbing(name))
      continue;
    if (libraries.count(name) != 0)
      continue;
    if (std::string id = identity(object); !id.empty()) {
      if (!is_runtime(name)) {
        by_cpu = true;
        ask_run_time_choices(object.path, id, out.threads);
      }
      libraries.emplace(std::move(name), std::move(id));
    }
  }
  if (own != nullptr)
    ::dlclose(own);
  if (libraries.empty())
    return out;
  static const std::string cpu = cpu_features();
  HashSink hash;
  codec<decltype(libraries)>::encode(hash, libraries);
  if (by_cpu)
    codec<std::string>::encode(hash, cpu);
  out.digest = hash.finish();
  for (const auto &[name, id] : libraries)
    out.dependencies += "library " + name + "\t" + hash_bytes(id.data(), id.size()).hex() + "\n";
  if (by_cpu)
    out.dependencies += "the CPU's instruction sets\t" + hash_bytes(cpu.data(), cpu.size()).hex() + "\n";
  return out;
}

} // namespace npcache::detail
