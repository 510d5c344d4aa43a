#include "scan.hpp"

#include <cctype>
#include <fstream>
#include <iterator>
#include <set>
#include <sys/stat.h>

namespace npcache::launcher {
namespace {

bool read_file(const std::string &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  out.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return true;
}

bool is_regular(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string directory_of(const std::string &path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
}

std::string join(const std::string &dir, const std::string &name) {
  if (!name.empty() && name[0] == '/')
    return name;
  return dir.empty() || dir == "." ? name : dir + "/" + name;
}

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `word` occurs in `text` as a whole identifier.
bool mentions(const std::string &text, const std::string &word) {
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool before = at == 0 || !is_identifier_char(text[at - 1]);
    bool after = at + word.size() >= text.size() || !is_identifier_char(text[at + word.size()]);
    if (before && after)
      return true;
  }
  return false;
}

// The name of the function an attribute at `at` marks: the identifier before the first
// '(' at bracket depth 0 after the attribute's closing "]]". Empty if not found.
std::string marked_name(const std::string &text, std::size_t at) {
  std::size_t close = text.find("]]", at);
  if (close == std::string::npos)
    return {};
  int depth = 0;
  for (std::size_t i = close + 2; i < text.size() && i < close + 2000; ++i) {
    char c = text[i];
    if (c == '<' || c == '[')
      ++depth;
    else if ((c == '>' || c == ']') && depth > 0)
      --depth;
    else if (c == ';' || c == '{')
      return {};
    else if (c == '(' && depth == 0) {
      std::size_t end = i;
      while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1])))
        --end;
      std::size_t begin = end;
      while (begin > 0 && is_identifier_char(text[begin - 1]))
        --begin;
      return text.substr(begin, end - begin);
    }
  }
  return {};
}

class Scanner {
public:
  Scanner(const CompilerCommand &command, const std::vector<std::string> &skip_dirs)
      : command_(command), skip_dirs_(skip_dirs) {}

  ScanResult run() {
    const std::string &main = command_.source();
    std::string code;
    if (!read(main, code))
      return candidate("the source cannot be read here");
    main_code_ = code;
    file(main, code, /*is_main=*/true);
    for (const std::string &forced : command_.forced_includes)
      include(".", forced, /*quoted=*/true);
    if (!result_.candidate)
      for (const std::string &name : header_marked_)
        if (name.empty() || mentions(main_code_, name))
          return candidate(name.empty() ? "a header marks a declaration whose name the scan cannot read"
                                        : "a header marks '" + name + "', which it mentions");
    return std::move(result_);
  }

private:
  ScanResult candidate(const std::string &why) {
    if (!result_.candidate) {
      result_.candidate = true;
      result_.reason = why;
    }
    return std::move(result_);
  }

  bool read(const std::string &path, std::string &code) {
    std::string text;
    if (!read_file(path, text))
      return false;
    result_.inputs.emplace_back(path, hash_bytes(text.data(), text.size()));
    code = strip_comments(text);
    return true;
  }

  void file(const std::string &path, const std::string &code, bool is_main) {
    for (std::size_t at : markers(code)) {
      std::size_t line = code.rfind('\n', at);
      std::string line_start = code.substr(line == std::string::npos ? 0 : line + 1, 64);
      if (is_main) {
        result_.candidate = true;
        result_.reason = "it spells [[npcache::cached]]";
      } else if (line_start.find("define") != std::string::npos) {
        header_marked_.insert(""); // a macro: any file might use it
      } else {
        header_marked_.insert(marked_name(code, at));
      }
    }
    std::size_t line = 0;
    while (line < code.size()) {
      std::size_t end = code.find('\n', line);
      if (end == std::string::npos)
        end = code.size();
      std::string operand;
      if (include_operand(code, line, end, operand)) {
        if (operand.size() < 2 || (operand[0] != '"' && operand[0] != '<')) {
          header_marked_.insert(""); // #include MACRO: cannot follow it without a preprocessor
        } else if (std::size_t close = operand.find(operand[0] == '"' ? '"' : '>', 1);
                   close != std::string::npos) {
          include(directory_of(path), operand.substr(1, close - 1), operand[0] == '"');
        }
      }
      line = end + 1;
    }
  }

  // Where `npcache :: cached` or `using npcache :` starts, spaces allowed between tokens.
  static std::vector<std::size_t> markers(const std::string &code) {
    std::vector<std::size_t> out;
    auto skip_space = [&code](std::size_t i) {
      while (i < code.size() && std::isspace(static_cast<unsigned char>(code[i])))
        ++i;
      return i;
    };
    for (std::size_t at = code.find("npcache"); at != std::string::npos; at = code.find("npcache", at + 1)) {
      if (at > 0 && is_identifier_char(code[at - 1]))
        continue;
      std::size_t next = skip_space(at + 7);
      if (code.compare(next, 2, "::") == 0) {
        std::size_t name = skip_space(next + 2);
        if (code.compare(name, 6, "cached") == 0 &&
            (name + 6 >= code.size() || !is_identifier_char(code[name + 6])))
          out.push_back(at);
      } else if (next < code.size() && code[next] == ':') {
        std::size_t before = at;
        while (before > 0 && std::isspace(static_cast<unsigned char>(code[before - 1])))
          --before;
        if (before >= 5 && code.compare(before - 5, 5, "using") == 0)
          out.push_back(at);
      }
    }
    return out;
  }

  // The text after `#include`, `#include_next` or `#import` on the line [begin, end).
  static bool include_operand(const std::string &code, std::size_t begin, std::size_t end,
                              std::string &operand) {
    std::size_t i = begin;
    auto skip_blank = [&] {
      while (i < end && (code[i] == ' ' || code[i] == '\t'))
        ++i;
    };
    skip_blank();
    if (i >= end || code[i] != '#')
      return false;
    ++i;
    skip_blank();
    std::size_t word = i;
    while (i < end && is_identifier_char(code[i]))
      ++i;
    std::string directive = code.substr(word, i - word);
    if (directive != "include" && directive != "include_next" && directive != "import")
      return false;
    skip_blank();
    operand = code.substr(i, end - i);
    return true;
  }

  void include(const std::string &from_dir, const std::string &name, bool quoted) {
    std::vector<std::string> dirs;
    if (quoted) {
      dirs.push_back(from_dir);
      dirs.insert(dirs.end(), command_.quote_dirs.begin(), command_.quote_dirs.end());
    }
    dirs.insert(dirs.end(), command_.include_dirs.begin(), command_.include_dirs.end());
    for (const std::string &dir : dirs) {
      std::string path = join(dir, name);
      if (!is_regular(path))
        continue;
      if (skipped(path) || !seen_.insert(canonical(path)).second)
        return;
      std::string code;
      if (read(path, code))
        file(path, code, false);
      return;
    }
    // Not in the project's directories: a system header, or missing (the compiler says so).
  }

  static std::string canonical(const std::string &path) {
    char resolved[4096];
    return ::realpath(path.c_str(), resolved) != nullptr ? std::string(resolved) : path;
  }

  bool skipped(const std::string &path) const {
    std::string real = canonical(path);
    for (const std::string &dir : skip_dirs_)
      if (!dir.empty() && real.compare(0, dir.size(), dir) == 0 && real.size() > dir.size() &&
          real[dir.size()] == '/')
        return true;
    return false;
  }

  const CompilerCommand &command_;
  const std::vector<std::string> &skip_dirs_;
  ScanResult result_;
  std::string main_code_;
  std::set<std::string> header_marked_; // names marked in headers; "" when unknown
  std::set<std::string> seen_;
};

} // namespace

std::string strip_comments(const std::string &text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  const std::size_t n = text.size();
  bool directive = false; // on a line that starts with '#': its strings are include names
  bool line_start = true;
  // A literal's contents are kept on directive lines and blanked elsewhere, so that the
  // attribute's spelling inside a string is not taken for the attribute.
  auto literal = [&](std::size_t from, std::size_t to) {
    if (directive) {
      out.append(text, from, to - from);
      return;
    }
    out += text[from];
    for (std::size_t j = from + 1; j + 1 < to; ++j)
      out += text[j] == '\n' ? '\n' : ' ';
    if (to - from > 1)
      out += text[to - 1];
  };
  while (i < n) {
    char c = text[i];
    if (c == '\n') {
      directive = false;
      line_start = true;
      out += c;
      ++i;
      continue;
    }
    if (line_start && c == '#')
      directive = true;
    if (!std::isspace(static_cast<unsigned char>(c)))
      line_start = false;
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n')
        ++i;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      std::size_t end = text.find("*/", i + 2);
      // Newlines stay, so that directives after a block comment still start a line.
      for (std::size_t j = i; j < (end == std::string::npos ? n : end); ++j)
        if (text[j] == '\n')
          out += '\n';
      out += ' ';
      i = end == std::string::npos ? n : end + 2;
    } else if (c == 'R' && i + 1 < n && text[i + 1] == '"' && (i == 0 || !is_identifier_char(text[i - 1]))) {
      std::size_t open = text.find('(', i + 2);
      std::string delimiter = open == std::string::npos ? "" : ")" + text.substr(i + 2, open - i - 2) + "\"";
      std::size_t end = open == std::string::npos ? std::string::npos : text.find(delimiter, open);
      std::size_t stop = end == std::string::npos ? n : end + delimiter.size();
      out += 'R';
      literal(i + 1, stop);
      i = stop;
    } else if (c == '"' || (c == '\'' && (i == 0 || !std::isxdigit(static_cast<unsigned char>(text[i - 1]))))) {
      std::size_t j = i + 1;
      while (j < n && text[j] != c && text[j] != '\n')
        j += text[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, n);
      literal(i, j);
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

ScanResult scan_translation_unit(const CompilerCommand &command, const std::vector<std::string> &skip_dirs) {
  return Scanner(command, skip_dirs).run();
}

} // namespace npcache::launcher
