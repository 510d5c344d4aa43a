// libFuzzer target: the JSON configuration loader on arbitrary text. Checked properties:
//  - no crash, hang or exception other than config_error, whose message starts with
//    "FILE:LINE:COL: error: " and points inside the text;
//  - what parses survives settings_json: the defaults written out and read back are
//    the same settings;
//  - every "functions" pattern can be matched against (fnmatch on any pattern).
#include <npcache/npcache.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

void check_location(const std::string &message, const std::string &text) {
  const std::string prefix = "fuzz.json:";
  if (message.rfind(prefix, 0) != 0)
    std::abort();
  std::size_t line = std::strtoull(message.c_str() + prefix.size(), nullptr, 10);
  std::size_t lines = 1;
  for (char c : text)
    lines += c == '\n';
  if (line < 1 || line > lines || message.find(": error: ") == std::string::npos)
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string text(reinterpret_cast<const char *>(data), size);
  npcache::Config config;
  try {
    config = npcache::parse_config(text, "fuzz.json");
  } catch (const npcache::config_error &e) {
    check_location(e.what(), text);
    return 0;
  }
  npcache::Config again;
  try {
    again = npcache::parse_config(npcache::settings_json(config.defaults), "again.json");
  } catch (const npcache::config_error &) {
    std::abort(); // what was accepted must be writable
  }
  if (npcache::settings_json(again.defaults) != npcache::settings_json(config.defaults))
    std::abort();
  for (const auto &[pattern, settings] : config.functions)
    config.for_function(pattern); // fnmatch on any pattern
  return 0;
}
