#include "options.hpp"
#include "diagnostics.hpp"
#include "raw_tokens.hpp"

#include "clang/Lex/Lexer.h"
#include "llvm/Support/ConvertUTF.h"

#include <nlohmann/json.hpp>

#include <set>

namespace npcache::tool {
namespace {

constexpr const char *kOptionList = "enabled, write, refresh, memory, remote, compress, level, key, "
                                    "dir, name, version, ignore, max_age, pure";

struct Value {
  enum Kind { boolean, integer, string, invalid } kind = invalid;
  bool b = false;
  long long i = 0;
  std::string s;
  clang::SourceLocation at;
};

// A plain string literal: "..." with \" and \\ escapes.
bool unquote(const std::string &literal, std::string &out) {
  if (literal.size() < 2 || literal.front() != '"' || literal.back() != '"')
    return false;
  for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
    char c = literal[i];
    if (c == '\\') {
      if (i + 2 >= literal.size())
        return false;
      c = literal[++i];
    }
    out += c;
  }
  return true;
}

// The settings travel to the runtime as JSON, which holds UTF-8 text only; a NUL would
// cut a directory's name short.
bool valid_text(const std::string &s) {
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(s.data());
  return s.find('\0') == std::string::npos && llvm::isLegalUTF8String(&begin, begin + s.size());
}

Value read_value(TokenReader &tokens) {
  Value v;
  v.at = tokens.at();
  bool negative = false;
  if (tokens.is(clang::tok::minus)) {
    negative = true;
    tokens.advance();
  }
  std::string text = tokens.text();
  if (!negative && tokens.is(clang::tok::raw_identifier) && (text == "true" || text == "false")) {
    v.kind = Value::boolean;
    v.b = text == "true";
  } else if (tokens.is(clang::tok::numeric_constant) &&
             text.find_first_not_of("0123456789") == std::string::npos && text.size() < 10) {
    v.kind = Value::integer;
    v.i = std::stoll(text) * (negative ? -1 : 1);
  } else if (!negative && tokens.is(clang::tok::string_literal) && unquote(text, v.s) &&
             valid_text(v.s)) {
    v.kind = Value::string;
  }
  if (v.kind != Value::invalid)
    tokens.advance();
  return v;
}

class OptionParser {
public:
  OptionParser(clang::DiagnosticsEngine &diags, AttributeOptions &out) : diags_(diags), out_(out) {}

  // Applies one option; false (after reporting) if its name or value is bad.
  bool apply(const std::string &name, clang::SourceLocation name_at, const Value &v) {
    if (!seen_.insert(name).second)
      return fail(name_at, "option '" + name + "' is given twice");
    Settings &s = out_.settings;
    if (name == "pure") {
      if (v.kind != Value::boolean)
        return fail(v.at, "option 'pure' expects true or false");
      out_.pure = v.b;
    } else if (name == "enabled" || name == "write" || name == "refresh" || name == "memory" || name == "remote") {
      if (v.kind != Value::boolean)
        return fail(v.at, "option '" + name + "' expects true or false");
      (name == "enabled"   ? s.enabled
       : name == "write"   ? s.write
       : name == "refresh" ? s.refresh
       : name == "memory"  ? s.memory
                           : s.remote) = v.b;
    } else if (name == "compress") {
      if (v.kind != Value::string || (v.s != "none" && v.s != "zstd"))
        return fail(v.at, "option 'compress' expects \"none\" or \"zstd\"");
      s.compress = v.s == "zstd" ? Compression::zstd : Compression::none;
    } else if (name == "level") {
      auto [low, high] = compression_levels();
      if (v.kind != Value::integer || v.i < low || v.i > high)
        return fail(v.at, "option 'level' expects an integer from " + std::to_string(low) +
                              " to " + std::to_string(high));
      s.level = static_cast<int>(v.i);
    } else if (name == "key") {
      if (v.kind != Value::string || (v.s != "hash" && v.s != "readable"))
        return fail(v.at, "option 'key' expects \"hash\" or \"readable\"");
      s.key = v.s == "readable" ? KeyStyle::readable : KeyStyle::hash;
    } else if (name == "dir" || name == "name" || name == "version") {
      if (v.kind != Value::string || (name != "version" && v.s.empty()))
        return fail(v.at, "option '" + name + "' expects a" + (name == "version" ? "" : " non-empty") +
                              " string");
      (name == "dir" ? s.dir : name == "version" ? s.version : out_.name) = v.s;
    } else if (name == "max_age") {
      if (v.kind != Value::string)
        return fail(v.at, "option 'max_age' expects a duration such as \"7d\"");
      try {
        s.max_age_seconds = parse_duration(v.s);
      } catch (const std::invalid_argument &e) {
        return fail(v.at, std::string("option 'max_age': ") + e.what());
      }
    } else if (name == "ignore") {
      if (v.kind != Value::string)
        return fail(v.at, "option 'ignore' expects a string of comma-separated parameter names");
      read_ignore(v);
    } else {
      return fail(name_at, "unknown option '" + name + "'; expected one of " + kOptionList);
    }
    return true;
  }

private:
  // "a, b": each name with the location of its first character inside the literal.
  void read_ignore(const Value &v) {
    std::size_t i = 0;
    while (i <= v.s.size()) {
      std::size_t end = v.s.find(',', i);
      if (end == std::string::npos)
        end = v.s.size();
      std::size_t first = v.s.find_first_not_of(" \t", i);
      std::size_t last = v.s.find_last_not_of(" \t", end - 1);
      if (first < end && last != std::string::npos && last >= first)
        out_.ignore.push_back({v.s.substr(first, last - first + 1),
                               v.at.getLocWithOffset(static_cast<int>(1 + first))});
      i = end + 1;
    }
  }

  bool fail(clang::SourceLocation at, const std::string &message) {
    error(diags_, at, message);
    return false;
  }

  clang::DiagnosticsEngine &diags_;
  AttributeOptions &out_;
  std::set<std::string> seen_;
};

} // namespace

bool parse_options(clang::SourceLocation attribute, const clang::SourceManager &sources,
                   const clang::LangOptions &language, clang::DiagnosticsEngine &diags,
                   AttributeOptions &out, clang::SourceLocation &end) {
  TokenReader tokens(attribute, sources, language);
  // npcache :: cached
  for (int i = 0; i < 2; ++i)
    tokens.advance();
  end = tokens.end();
  tokens.advance();
  if (!tokens.is(clang::tok::l_paren))
    return true;
  tokens.advance();
  OptionParser parser(diags, out);
  bool ok = true;
  while (!tokens.is(clang::tok::r_paren)) {
    if (!tokens.is(clang::tok::raw_identifier)) {
      error(diags, tokens.at(), "expected an option name such as compress or key");
      return false;
    }
    std::string name = tokens.text();
    clang::SourceLocation name_at = tokens.at();
    tokens.advance();
    if (!tokens.is(clang::tok::equal)) {
      error(diags, tokens.at(), "expected '=' after option '" + name + "'");
      return false;
    }
    tokens.advance();
    Value value = read_value(tokens);
    if (value.kind == Value::invalid) {
      error(diags, value.at, "expected a value for option '" + name +
                                 "': true, false, an integer or a string literal of UTF-8 text");
      return false;
    }
    ok = parser.apply(name, name_at, value) && ok;
    if (tokens.is(clang::tok::comma))
      tokens.advance();
    else if (!tokens.is(clang::tok::r_paren)) {
      error(diags, tokens.at(), "expected ',' or ')' after the value of option '" + name + "'");
      return false;
    }
  }
  end = tokens.end();
  return ok;
}

bool merge_options(AttributeOptions &into, const AttributeOptions &other, clang::SourceLocation at,
                   clang::SourceLocation earlier, clang::DiagnosticsEngine &diags) {
  // Settings compare in their JSON form, one key per option.
  nlohmann::json mine = nlohmann::json::parse(settings_json(into.settings));
  nlohmann::json theirs = nlohmann::json::parse(settings_json(other.settings));
  if (into.name)
    mine["name"] = *into.name;
  if (other.name)
    theirs["name"] = *other.name;
  if (into.pure)
    mine["pure"] = *into.pure;
  if (other.pure)
    theirs["pure"] = *other.pure;
  auto ignored = [](const AttributeOptions &o) {
    std::vector<std::string> names;
    for (const auto &i : o.ignore)
      names.push_back(i.parameter);
    return names;
  };
  if (!into.ignore.empty())
    mine["ignore"] = ignored(into);
  if (!other.ignore.empty())
    theirs["ignore"] = ignored(other);
  bool ok = true;
  for (const auto &[key, value] : theirs.items())
    if (mine.contains(key) && mine[key] != value) {
      error(diags, at, "option '" + key + "' is " + value.dump() + " here but " + mine[key].dump() +
                           " on another declaration of the same function");
      note(diags, earlier, "the other declaration's [[npcache::cached]] is here");
      ok = false;
    }
  if (!ok)
    return false;
  into.settings.merge(other.settings);
  if (other.name)
    into.name = other.name;
  if (other.pure)
    into.pure = other.pure;
  if (!other.ignore.empty())
    into.ignore = other.ignore;
  return true;
}

} // namespace npcache::tool
