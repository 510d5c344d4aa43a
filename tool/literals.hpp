// C++ literals in the code the tool writes.
#pragma once

#include <npcache/key.hpp>

#include "llvm/ADT/StringRef.h"

#include <string>

namespace npcache::tool {

// A string literal of any text: quotes, backslashes, tabs and newlines escaped.
std::string c_string(llvm::StringRef text);

// ::npcache::Key128{0x...ull, 0x...ull}
std::string key_literal(const Key128 &key);

} // namespace npcache::tool
