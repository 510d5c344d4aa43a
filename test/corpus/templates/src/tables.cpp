#include "templates/templates.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace gen {

static Cell parse_cell(const std::string &text) {
  char *end = nullptr;
  long i = std::strtol(text.c_str(), &end, 10);
  if (!text.empty() && *end == '\0')
    return static_cast<int>(i);
  double d = std::strtod(text.c_str(), &end);
  if (!text.empty() && *end == '\0')
    return d;
  return text;
}

std::vector<Cell> parse_row(const std::string &line) {
  std::vector<Cell> row;
  for (const std::string &part : split(line, ','))
    row.push_back(parse_cell(part));
  return row;
}

std::string render(const std::vector<Cell> &row) {
  std::vector<std::string> parts;
  for (const Cell &c : row) {
    if (const int *i = std::get_if<int>(&c))
      parts.push_back("i:" + std::to_string(*i));
    else if (const double *d = std::get_if<double>(&c)) {
      char text[64];
      std::snprintf(text, sizeof text, "d:%.17g", *d);
      parts.push_back(text);
    } else
      parts.push_back("s:" + std::get<std::string>(c));
  }
  return join(parts, "|");
}

std::tuple<int, double, std::string> totals(const std::vector<std::vector<Cell>> &rows) {
  int ints = 0;
  double doubles = 0;
  std::string text;
  for (const auto &row : rows)
    for (const Cell &c : row) {
      if (const int *i = std::get_if<int>(&c))
        ints += *i;
      else if (const double *d = std::get_if<double>(&c))
        doubles += *d;
      else
        text += std::get<std::string>(c);
    }
  return {ints, doubles, text};
}

std::map<std::string, int> word_counts(const std::string &text) {
  std::map<std::string, int> counts;
  std::string word;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      ++counts[word];
      word.clear();
    }
  }
  return counts;
}
} // namespace gen
