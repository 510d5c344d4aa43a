// C++ literals in the code the tools write.
#pragma once

#include <npcache/key.hpp>

#include <string>
#include <string_view>

namespace npcache::tool {

// A string literal of any text: quotes, backslashes, tabs and newlines escaped.
std::string c_string(std::string_view text);

// ::npcache::Key128{0x...ull, 0x...ull}
std::string key_literal(const Key128 &key);

} // namespace npcache::tool
