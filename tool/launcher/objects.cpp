#include "objects.hpp"

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

namespace npcache::launcher {
namespace {

bool starts_with(const char *s, const char *prefix) {
  return s != nullptr && std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

// Symbols and the LTO marker of one ELF object (a file or an archive member).
void read_symbols(Elf *elf, LinkedObject &object) {
  std::size_t strings_index = 0;
  if (elf_getshdrstrndx(elf, &strings_index) != 0)
    return;
  Elf_Scn *section = nullptr;
  while ((section = elf_nextscn(elf, section)) != nullptr) {
    GElf_Shdr header;
    if (gelf_getshdr(section, &header) == nullptr)
      continue;
    if (starts_with(elf_strptr(elf, strings_index, header.sh_name), ".gnu.lto_"))
      object.opaque = true;
    if (header.sh_type != SHT_SYMTAB || header.sh_entsize == 0)
      continue;
    Elf_Data *data = elf_getdata(section, nullptr);
    if (data == nullptr)
      continue;
    std::size_t count = header.sh_size / header.sh_entsize;
    for (std::size_t i = 0; i < count; ++i) {
      GElf_Sym symbol;
      if (gelf_getsym(data, static_cast<int>(i), &symbol) == nullptr || symbol.st_shndx == SHN_UNDEF)
        continue;
      int binding = GELF_ST_BIND(symbol.st_info);
      if (binding != STB_GLOBAL && binding != STB_WEAK && binding != STB_GNU_UNIQUE)
        continue;
      const char *name = elf_strptr(elf, header.sh_link, symbol.st_name);
      if (name == nullptr || *name == '\0')
        continue;
      if (starts_with(name, "__gnu_lto_"))
        object.opaque = true;
      object.defined.emplace_back(name);
    }
  }
  std::sort(object.defined.begin(), object.defined.end());
  object.defined.erase(std::unique(object.defined.begin(), object.defined.end()), object.defined.end());
}

LinkedObject describe(Elf *elf, std::string origin) {
  LinkedObject object;
  object.origin = std::move(origin);
  std::size_t size = 0;
  const char *bytes = elf_rawfile(elf, &size);
  object.hash = hash_bytes(bytes, bytes == nullptr ? 0 : size);
  if (elf_kind(elf) == ELF_K_ELF)
    read_symbols(elf, object);
  else
    object.opaque = true; // LLVM bitcode and other formats
  return object;
}

} // namespace

std::vector<LinkedObject> read_objects(const std::vector<std::string> &paths,
                                       std::vector<std::string> &shared_libraries) {
  elf_version(EV_CURRENT);
  std::vector<LinkedObject> out;
  for (const std::string &path : paths) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      continue;
    Elf *file = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
    if (file != nullptr && elf_kind(file) == ELF_K_AR) {
      Elf_Cmd next = ELF_C_READ_MMAP;
      while (Elf *member = elf_begin(fd, next, file)) {
        Elf_Arhdr *header = elf_getarhdr(member);
        const char *name = header != nullptr ? header->ar_name : nullptr;
        // "/" and "//" are the archive's symbol and name tables, not members.
        if (name != nullptr && name[0] != '/')
          out.push_back(describe(member, path + "(" + name + ")"));
        next = elf_next(member);
        elf_end(member);
      }
    } else if (file != nullptr && elf_kind(file) == ELF_K_ELF) {
      GElf_Ehdr header;
      if (gelf_getehdr(file, &header) != nullptr) {
        if (header.e_type == ET_DYN)
          shared_libraries.push_back(path);
        else if (header.e_type == ET_REL)
          out.push_back(describe(file, path));
      }
    } else if (file != nullptr) {
      std::size_t size = 0;
      const char *bytes = elf_rawfile(file, &size);
      if (bytes != nullptr && size >= 4 && std::memcmp(bytes, "BC\xC0\xDE", 4) == 0)
        out.push_back(describe(file, path)); // LLVM bitcode, from clang -flto
    }
    if (file != nullptr)
      elf_end(file);
    ::close(fd);
  }
  return out;
}

} // namespace npcache::launcher
