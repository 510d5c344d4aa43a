#include "value.hpp"

#include <npcache/io.hpp>

#include <cctype>
#include <cfloat>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace npcache::cli {

namespace {

using Kind = Type::Kind;

class TypeParser {
public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  Type parse_all() {
    Type t = parse();
    if (pos_ != text_.size())
      return opaque(text_);
    return t;
  }

private:
  Type parse() {
    std::size_t start = pos_;
    // A signature comes from a file and may be up to 1 MiB: bound the recursion, here and
    // in every walk over the parsed type, far above what a real type nests.
    if (depth_ >= kMaxDepth) {
      pos_ = text_.size();
      return opaque(text_.substr(start));
    }
    struct Nest {
      int &depth;
      explicit Nest(int &d) : depth(++d) {}
      ~Nest() { --depth; }
    } nest(depth_);
    if (text_.substr(pos_, 6) == "struct")
      return parse_struct(start);
    std::string word;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) != 0))
      word += text_[pos_++];
    Type t;
    if (pos_ < text_.size() && text_[pos_] == '<') {
      ++pos_;
      if (!parse_list('>', t.args) || !scalar_args_ok(word, t))
        return opaque(text_.substr(start, pos_ - start));
    } else if (!parse_leaf(word, t)) {
      skip_to_separator();
      return opaque(text_.substr(start, pos_ - start));
    }
    t.name = std::string(text_.substr(start, pos_ - start));
    return t;
  }

  // Scalars and str.
  static bool parse_leaf(const std::string &word, Type &t) {
    static const struct { const char *name; char kind; std::size_t width; } kScalars[] = {
        {"char", 'c', 1},  {"char8", 'c', 1}, {"char16", 'c', 2}, {"char32", 'c', 4},
        {"wchar", 'c', sizeof(wchar_t)}, {"i8", 'i', 1}, {"i16", 'i', 2}, {"i32", 'i', 4},
        {"i64", 'i', 8},   {"u8", 'u', 1},    {"u16", 'u', 2},    {"u32", 'u', 4},
        {"u64", 'u', 8},   {"f32", 'f', 4},   {"f64", 'f', 8},   {"i128", 'i', 16},
        {"u128", 'u', 16}};
    for (const auto &s : kScalars)
      if (word == s.name) {
        t.kind = Kind::scalar;
        t.scalar_kind = s.kind;
        t.width = s.width;
        t.align = s.width;
        return true;
      }
    if (word == "bool") {
      t.kind = Kind::boolean;
      t.width = 1;
      return true;
    }
    if (word == "str") {
      t.kind = Kind::text;
      t.scalar_kind = 'c';
      t.width = 1;
      return true;
    }
    // x87 extended precision, stored as its 10 value bytes.
    if (word.size() > 1 && word[0] == 'f' && word.find('m') != std::string::npos &&
        word.substr(word.find('m')) == "m64") {
      t.kind = Kind::long_double;
      t.width = 10;
      return true;
    }
    return false;
  }

  // A number as Eigen's codecs store them: in bulk (not bool, not long double).
  static bool is_number(const Type &t) { return t.kind == Kind::scalar; }

  bool scalar_args_ok(const std::string &word, Type &t) {
    static const struct { const char *name; Kind kind; std::size_t arity; } kTemplates[] = {
        {"enum", Kind::enumeration, 1}, {"vec", Kind::vec, 1},   {"opt", Kind::optional, 1},
        {"valarr", Kind::vec, 1},       {"deque", Kind::list, 1}, {"list", Kind::list, 1},
        {"set", Kind::set, 1},          {"uset", Kind::uset, 1}, {"map", Kind::map, 2},
        {"umap", Kind::umap, 2},        {"pair", Kind::pair, 2}, {"tuple", Kind::tuple, 0},
        {"var", Kind::variant, 0}};
    // Only character types: the typed codecs write nothing else, and text() reads each
    // character into 32 bits.
    if (word == "str" && t.args.size() == 1 && t.args[0].kind == Kind::scalar &&
        t.args[0].scalar_kind == 'c') {
      t.kind = Kind::text;
      t.scalar_kind = 'c';
      t.width = t.args[0].width;
      t.args.clear();
      return true;
    }
    // A complex of floating point is one scalar of two parts, aligned as a part.
    if (word == "cplx" && t.args.size() == 1 && t.args[0].kind == Kind::scalar &&
        t.args[0].scalar_kind == 'f') {
      t.kind = Kind::scalar;
      t.scalar_kind = 'x';
      t.width = 2 * t.args[0].width;
      t.align = t.args[0].width;
      t.args.clear();
      return true;
    }
    // A duration is its count of ticks; the tick's length is only in the name.
    if (word == "dur" && t.args.size() == 2 && t.args[0].kind == Kind::scalar &&
        t.args[0].scalar_kind != 'x') {
      Type count = t.args[0];
      t.kind = count.kind;
      t.scalar_kind = count.scalar_kind;
      t.width = count.width;
      t.align = count.align;
      t.args.clear();
      return true;
    }
    // Eigen: emat<S,R,C,O>, earr<S,R,C,O>, eten<S,N,O>, esparse<S,O,I> (codec/eigen*.hpp).
    auto order = [](const Type &o) { return o.kind == Kind::opaque && (o.name == "c" || o.name == "r"); };
    auto size = [](const Type &n, std::int64_t &out) {
      if (n.name == "X")
        return true;
      auto [end, ec] = std::from_chars(n.name.data(), n.name.data() + n.name.size(), out);
      return ec == std::errc() && end == n.name.data() + n.name.size() && out >= 0;
    };
    if ((word == "emat" || word == "earr") && t.args.size() == 4 && is_number(t.args[0]) && order(t.args[3]) &&
        size(t.args[1], t.fixed_rows) && size(t.args[2], t.fixed_cols)) {
      t.kind = Kind::matrix;
      t.row_major = t.args[3].name == "r";
      t.args.resize(1);
      return true;
    }
    if (word == "eten" && t.args.size() == 3 && is_number(t.args[0]) && order(t.args[2])) {
      const std::string &n = t.args[1].name;
      auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), t.count);
      if (ec != std::errc() || end != n.data() + n.size() || t.count > 64)
        return false;
      t.kind = Kind::tensor;
      t.row_major = t.args[2].name == "r";
      t.args.resize(1);
      return true;
    }
    if (word == "esparse" && t.args.size() == 3 && is_number(t.args[0]) && order(t.args[1]) &&
        t.args[2].kind == Kind::scalar && t.args[2].scalar_kind == 'i') {
      t.kind = Kind::sparse;
      t.row_major = t.args[1].name == "r";
      std::swap(t.args[1], t.args[2]); // args: scalar, index
      t.args.resize(2);
      return true;
    }
    if (word == "arr" && t.args.size() == 2 && t.args[1].kind == Kind::opaque) {
      const std::string &n = t.args[1].name;
      auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), t.count);
      if (ec != std::errc() || end != n.data() + n.size())
        return false;
      t.kind = Kind::arr;
      t.args.pop_back();
      return true;
    }
    for (const auto &k : kTemplates)
      if (word == k.name && (k.arity == 0 || t.args.size() == k.arity)) {
        t.kind = k.kind;
        return true;
      }
    return false;
  }

  // "struct <mangled name>{f64;i32;}"
  Type parse_struct(std::size_t start) {
    std::size_t brace = text_.find('{', pos_);
    if (brace == std::string_view::npos)
      return opaque(text_.substr(start));
    pos_ = brace + 1;
    Type t;
    t.kind = Kind::structure;
    while (pos_ < text_.size() && text_[pos_] != '}') {
      t.args.push_back(parse());
      if (pos_ >= text_.size() || text_[pos_] != ';')
        return opaque(text_.substr(start));
      ++pos_;
    }
    if (pos_ >= text_.size())
      return opaque(text_.substr(start));
    ++pos_;
    t.name = std::string(text_.substr(start, pos_ - start));
    return t;
  }

  // False if the list is not closed: a truncated name must not be read as a shorter type.
  bool parse_list(char close, std::vector<Type> &out) {
    while (pos_ < text_.size()) {
      out.push_back(parse());
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == close) {
        ++pos_;
        return true;
      }
      break;
    }
    return false;
  }

  void skip_to_separator() {
    int depth = 0;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (depth == 0 && (c == ',' || c == '>' || c == ';'))
        return;
      depth += c == '<' || c == '{' ? 1 : c == '>' || c == '}' ? -1 : 0;
      ++pos_;
    }
  }

  static Type opaque(std::string_view name) {
    Type t;
    t.name = std::string(name);
    return t;
  }

  static constexpr int kMaxDepth = 100;
  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

bool is_bulk(const Type &t) { return t.kind == Kind::scalar; }

std::uint64_t read_size(Source &in, std::uint64_t min_bytes) {
  auto n = in.get<std::uint64_t>();
  in.require(n, min_bytes);
  return n;
}

// The element count of a vec or arr. An arr's count comes from the signature, not the
// stream, so it is checked here too: against the bytes left for scalars (without
// overflow), and otherwise at most one element per byte left, which bounds the walk over
// items that may encode to nothing (arr<tuple<>,N>).
std::uint64_t sequence_length(Source &in, const Type &t) {
  const Type &item = t.args[0];
  if (t.kind == Kind::vec)
    return read_size(in, is_bulk(item) ? item.width : 1);
  in.require(t.count, is_bulk(item) ? item.width : 0);
  return t.count;
}

// The shape of an Eigen value: rows and columns, or a tensor's dimensions.
// Checked as the typed decoders check them: each size fits Eigen::Index, and a matrix's
// fixed sizes are what the type fixes.
std::vector<std::uint64_t> eigen_shape(Source &in, const Type &t) {
  std::vector<std::uint64_t> shape(t.kind == Kind::tensor ? static_cast<std::size_t>(t.count) : 2);
  for (std::uint64_t &n : shape) {
    n = in.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(INT64_MAX))
      throw decode_error("Eigen size exceeds Eigen::Index");
  }
  if (t.kind == Kind::matrix && ((t.fixed_rows >= 0 && shape[0] != static_cast<std::uint64_t>(t.fixed_rows)) ||
                                 (t.fixed_cols >= 0 && shape[1] != static_cast<std::uint64_t>(t.fixed_cols))))
    throw decode_error("Eigen shape does not fit " + t.name);
  return shape;
}

// As Eigen multiplies them, in order, in its signed index type.
std::uint64_t element_count(const std::vector<std::uint64_t> &shape) {
  std::uint64_t n = 1;
  for (std::uint64_t d : shape) {
    if (d != 0 && n > static_cast<std::uint64_t>(INT64_MAX) / d)
      throw decode_error("shape overflows");
    n *= d;
  }
  return n;
}

// `n` scalars stored in one aligned block.
std::vector<unsigned char> read_block(Source &in, const Type &item, std::uint64_t n) {
  in.require(n, item.width);
  in.align(item.align);
  std::vector<unsigned char> bytes(static_cast<std::size_t>(n * item.width));
  in.read(bytes.data(), bytes.size());
  return bytes;
}

std::string shape_text(const std::vector<std::uint64_t> &shape) {
  std::string out;
  for (std::size_t i = 0; i < shape.size(); ++i)
    out += (i == 0 ? "" : "x") + std::to_string(shape[i]);
  return out;
}

template <class T> T load(const unsigned char *bytes) {
  T v;
  std::memcpy(&v, bytes, sizeof v);
  return v;
}

// The compilers' 128-bit integers (__int128), which std::to_chars takes only in the GNU
// dialects: digits from the low end.
void render_128(std::string &out, const unsigned char *bytes, bool is_signed) {
  std::uint64_t low, high;
  std::memcpy(&low, bytes, 8);
  std::memcpy(&high, bytes + 8, 8);
  __extension__ unsigned __int128 v = (static_cast<unsigned __int128>(high) << 64) | low;
  const bool negative = is_signed && (high >> 63) != 0;
  if (negative)
    v = ~v + 1;
  char digits[40];
  char *at = digits + sizeof digits;
  do {
    *--at = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  if (negative)
    *--at = '-';
  out.append(at, digits + sizeof digits);
}

void render_scalar(std::string &out, const Type &t, const unsigned char *bytes) {
  if (t.width == 16 && (t.scalar_kind == 'i' || t.scalar_kind == 'u')) {
    render_128(out, bytes, t.scalar_kind == 'i');
    return;
  }
  char buf[64];
  std::to_chars_result r{buf, {}};
  switch (t.scalar_kind) {
  case 'x': { // numpy's rendering: (1+2j)
    Type part = t;
    part.scalar_kind = 'f';
    part.width = t.width / 2;
    out += '(';
    render_scalar(out, part, bytes);
    std::string imag;
    render_scalar(imag, part, bytes + part.width);
    if (imag[0] != '-' && imag[0] != '+')
      out += '+';
    out += imag + "j)";
    return;
  }
  case 'f':
    if (t.width == 4)
      r = std::to_chars(buf, buf + sizeof buf, load<float>(bytes));
    else
      r = std::to_chars(buf, buf + sizeof buf, load<double>(bytes));
    break;
  case 'i':
    r = t.width == 1   ? std::to_chars(buf, buf + sizeof buf, load<std::int8_t>(bytes))
        : t.width == 2 ? std::to_chars(buf, buf + sizeof buf, load<std::int16_t>(bytes))
        : t.width == 4 ? std::to_chars(buf, buf + sizeof buf, load<std::int32_t>(bytes))
                       : std::to_chars(buf, buf + sizeof buf, load<std::int64_t>(bytes));
    break;
  default: // unsigned, and characters as their code
    std::uint64_t v = 0;
    std::memcpy(&v, bytes, t.width);
    r = std::to_chars(buf, buf + sizeof buf, v);
    break;
  }
  out.append(buf, r.ptr);
}

class Previewer {
public:
  explicit Previewer(std::size_t max_items) : max_items_(max_items) {}

  void value(Source &in, const Type &t, std::string &out) {
    switch (t.kind) {
    case Kind::scalar: {
      unsigned char bytes[16];
      in.read(bytes, t.width);
      render_scalar(out, t, bytes);
      return;
    }
    case Kind::boolean: {
      auto b = in.get<unsigned char>();
      if (b > 1)
        throw decode_error("bool byte is neither 0 nor 1");
      out += b ? "true" : "false";
      return;
    }
    case Kind::long_double: {
      long double v = 0;
      in.read(&v, t.width);
      out += std::to_string(static_cast<double>(v));
      return;
    }
    case Kind::text: text(in, t, out); return;
    case Kind::enumeration: value(in, t.args[0], out); return;
    case Kind::vec:
    case Kind::arr: sequence(in, t.args[0], sequence_length(in, t), true, is_bulk(t.args[0]), out); return;
    case Kind::list: sequence(in, t.args[0], read_size(in, 1), true, false, out); return;
    case Kind::set: sequence(in, t.args[0], read_size(in, 1), false, false, out); return;
    case Kind::uset: {
      Source::Unaligned unaligned(in);
      sequence(in, t.args[0], read_size(in, 1), false, false, out);
      return;
    }
    case Kind::map:
    case Kind::umap: {
      std::optional<Source::Unaligned> unaligned;
      if (t.kind == Kind::umap)
        unaligned.emplace(in);
      std::uint64_t n = read_size(in, 1);
      out += '{';
      for (std::uint64_t i = 0; i < n; ++i) {
        bool shown = i < max_items_;
        std::string scratch;
        std::string &to = shown ? out : scratch;
        if (shown && i != 0)
          out += ", ";
        value(in, t.args[0], to);
        to += ": ";
        value(in, t.args[1], to);
      }
      if (n > max_items_)
        out += ", ... (" + std::to_string(n) + " items)";
      out += '}';
      return;
    }
    case Kind::pair:
    case Kind::tuple:
    case Kind::structure: {
      out += t.kind == Kind::structure ? '{' : '(';
      for (std::size_t i = 0; i < t.args.size(); ++i) {
        if (i != 0)
          out += ", ";
        value(in, t.args[i], out);
      }
      out += t.kind == Kind::structure ? '}' : ')';
      return;
    }
    case Kind::optional: {
      auto present = in.get<unsigned char>();
      if (present > 1)
        throw decode_error("bool byte is neither 0 nor 1");
      if (present == 0)
        out += "nullopt";
      else
        value(in, t.args[0], out);
      return;
    }
    case Kind::variant: {
      auto index = in.get<std::uint64_t>();
      if (index >= t.args.size())
        throw decode_error("variant index out of range");
      out += "<" + std::to_string(index) + ">";
      value(in, t.args[index], out);
      return;
    }
    case Kind::matrix: matrix(in, t, out); return;
    case Kind::tensor: {
      const std::vector<std::uint64_t> shape = eigen_shape(in, t);
      std::vector<unsigned char> data = read_block(in, t.args[0], element_count(shape));
      out += "tensor " + shape_text(shape) + (t.row_major ? " row-major " : " column-major ");
      flat(data, t.args[0], out);
      return;
    }
    case Kind::sparse: sparse(in, t, out); return;
    case Kind::opaque:
      throw std::invalid_argument("no built-in codec named '" + t.name + "'");
    }
  }

private:
  void text(Source &in, const Type &t, std::string &out) {
    std::uint64_t n = read_size(in, t.width);
    std::string raw(static_cast<std::size_t>(n * t.width), '\0');
    in.read(raw.data(), raw.size());
    out += '"';
    for (std::uint64_t i = 0; i < n; ++i) {
      std::uint32_t c = 0;
      std::memcpy(&c, raw.data() + i * t.width, t.width);
      if (i == 60 && n > 64) {
        out += "...";
        break;
      }
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c >= 0x20 && c < 0x7f) {
        out += static_cast<char>(c);
      } else {
        char buf[12];
        std::snprintf(buf, sizeof buf, c < 0x100 ? "\\x%02x" : "\\u%04x", static_cast<unsigned>(c));
        out += buf;
      }
    }
    out += '"';
    if (n > 64)
      out += " (" + std::to_string(n) + " chars)";
  }

  // Shows the first items and the last two of a long sequence, and its length.
  // `bulk`: the items are scalars stored as one aligned block (vec, arr), not one by one
  // (set, list), which differ in the alignment before the first.
  void sequence(Source &in, const Type &item, std::uint64_t n, bool ordered, bool bulk, std::string &out) {
    const std::size_t head = max_items_ > 2 ? max_items_ - 2 : max_items_;
    const bool elide = n > max_items_;
    out += ordered ? '[' : '{';
    if (bulk) {
      in.align(item.align);
      unsigned char bytes[16];
      for (std::uint64_t i = 0; i < n; ++i) {
        bool shown = !elide || i < head || i + 2 >= n;
        if (!shown && i == head) {
          // Skip the middle in blocks rather than an element at a time.
          std::vector<unsigned char> skip(1 << 16);
          std::uint64_t left = (n - 2 - head) * item.width;
          while (left > 0) {
            std::size_t step = static_cast<std::size_t>(std::min<std::uint64_t>(left, skip.size()));
            in.read(skip.data(), step);
            left -= step;
          }
          out += ", ...";
          i = n - 3;
          continue;
        }
        in.read(bytes, item.width);
        if (i != 0)
          out += ", ";
        render_scalar(out, item, bytes);
      }
    } else {
      for (std::uint64_t i = 0; i < n; ++i) {
        bool shown = !elide || i < head || i + 2 >= n;
        std::string scratch;
        if (shown && i != 0)
          out += ", ";
        if (!shown && i == head)
          out += ", ...";
        value(in, item, shown ? out : scratch);
      }
    }
    out += ordered ? ']' : '}';
    if (elide)
      out += " (" + std::to_string(n) + " items)";
  }

  // Row by row, as numpy prints a 2-D array, whatever the storage order; at most
  // max_items rows and columns, the middle elided. Only the rows and columns shown are
  // visited: a stored 2^60 x 0 matrix has no elements but that many rows.
  void matrix(Source &in, const Type &t, std::string &out) {
    const std::vector<std::uint64_t> shape = eigen_shape(in, t);
    const std::uint64_t rows = shape[0], cols = shape[1];
    const Type &item = t.args[0];
    std::vector<unsigned char> data = read_block(in, item, element_count(shape));
    const std::uint64_t head = max_items_ > 2 ? max_items_ - 2 : max_items_;
    // The indices shown of n: all, or the first `head`, an ellipsis (~0), the last two.
    auto shown = [this, head](std::uint64_t n) {
      std::vector<std::uint64_t> out;
      for (std::uint64_t i = 0; i < n && (n <= max_items_ || i < head); ++i)
        out.push_back(i);
      if (n > max_items_)
        out.insert(out.end(), {~std::uint64_t(0), n - 2, n - 1});
      return out;
    };
    const std::vector<std::uint64_t> shown_cols = shown(cols);
    out += '[';
    bool first_row = true;
    for (std::uint64_t i : shown(rows)) {
      out += first_row ? "" : ", ";
      first_row = false;
      if (i == ~std::uint64_t(0)) {
        out += "...";
        continue;
      }
      out += '[';
      for (std::size_t c = 0; c < shown_cols.size(); ++c) {
        const std::uint64_t j = shown_cols[c];
        out += c == 0 ? "" : ", ";
        if (j == ~std::uint64_t(0)) {
          out += "...";
          continue;
        }
        const std::uint64_t at = t.row_major ? i * cols + j : j * rows + i;
        render_scalar(out, item, data.data() + at * item.width);
      }
      out += ']';
    }
    out += "] (" + shape_text(shape) + (t.row_major ? ", row-major)" : ", column-major)");
  }

  void flat(const std::vector<unsigned char> &data, const Type &item, std::string &out) {
    const std::uint64_t n = data.size() / item.width;
    out += '[';
    for (std::uint64_t i = 0; i < n && i < max_items_; ++i) {
      if (i != 0)
        out += ", ";
      render_scalar(out, item, data.data() + i * item.width);
    }
    out += n > max_items_ ? ", ...]" : "]";
  }

  // Checked as codec/eigen_sparse.hpp checks it, so that both accept the same bytes.
  void sparse(Source &in, const Type &t, std::string &out) {
    const Type &scalar = t.args[0], &index = t.args[1];
    if (index.width != 4 && index.width != 8 && index.width != 2)
      throw std::invalid_argument("sparse index of " + std::to_string(index.width) + " bytes");
    const auto rows = in.get<std::uint64_t>(), cols = in.get<std::uint64_t>(), nonzeros = in.get<std::uint64_t>();
    const std::uint64_t limit = (std::uint64_t(1) << (8 * index.width - 1)) - 1;
    if (rows > limit || cols > limit || nonzeros > limit)
      throw decode_error("sparse shape or nonzeros exceed the index type");
    const std::uint64_t outer = t.row_major ? rows : cols, inner_size = t.row_major ? cols : rows;
    in.require(outer + 1, index.width);
    in.require(nonzeros, index.width + scalar.width);
    std::vector<unsigned char> starts = read_block(in, index, outer + 1), inner = read_block(in, index, nonzeros),
                               values = read_block(in, scalar, nonzeros);
    auto index_at = [&index](const std::vector<unsigned char> &bytes, std::uint64_t k) -> std::int64_t {
      if (index.width == 2)
        return load<std::int16_t>(bytes.data() + k * 2);
      if (index.width == 4)
        return load<std::int32_t>(bytes.data() + k * 4);
      return load<std::int64_t>(bytes.data() + k * 8);
    };
    if (index_at(starts, 0) != 0 || static_cast<std::uint64_t>(index_at(starts, outer)) != nonzeros)
      throw decode_error("sparse outer starts do not run from 0 to the nonzeros");
    out += "sparse " + std::to_string(rows) + "x" + std::to_string(cols) + ", " + std::to_string(nonzeros) +
           " nonzeros" + (nonzeros == 0 ? "" : ":");
    std::uint64_t shown = 0;
    for (std::uint64_t j = 0; j < outer; ++j) {
      const std::int64_t begin = index_at(starts, j), end = index_at(starts, j + 1);
      if (end < begin || static_cast<std::uint64_t>(end) > nonzeros)
        throw decode_error("sparse outer starts fall or pass the nonzeros");
      for (std::int64_t k = begin; k < end; ++k) {
        const std::int64_t i = index_at(inner, static_cast<std::uint64_t>(k));
        if (i < 0 || static_cast<std::uint64_t>(i) >= inner_size ||
            (k > begin && i <= index_at(inner, static_cast<std::uint64_t>(k - 1))))
          throw decode_error("sparse inner indices out of range or not rising");
        if (shown++ >= max_items_)
          continue;
        out += " (" + std::to_string(t.row_major ? j : static_cast<std::uint64_t>(i)) + "," +
               std::to_string(t.row_major ? static_cast<std::uint64_t>(i) : j) + ")=";
        render_scalar(out, scalar, values.data() + static_cast<std::uint64_t>(k) * scalar.width);
      }
    }
    if (nonzeros > max_items_)
      out += " ...";
  }

  std::size_t max_items_;
};

// ---- .npy ------------------------------------------------------------------------------

std::string npy_descr(const Type &t) {
  if (t.kind == Kind::boolean)
    return "|b1";
  if (t.width == 16 && (t.scalar_kind == 'i' || t.scalar_kind == 'u')) // '<i16' reads as no type
    throw std::invalid_argument("NumPy has no 128-bit integer type");
  std::string order = t.width == 1 ? "|" : "<";
  char kind = t.scalar_kind == 'c' ? 'u' : t.scalar_kind == 'x' ? 'c' : t.scalar_kind;
  return order + kind + std::to_string(t.width);
}

std::string npy_header(const std::string &descr, bool fortran_order, const std::vector<std::uint64_t> &shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i)
    text += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
  text += ")";
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran_order ? "True" : "False") +
                     ", 'shape': " + text + ", }";
  // Magic (6) + version (2) + length (2) + dict, padded with spaces and a newline to 64.
  std::size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  return dict;
}

// Walks nested vec/arr levels down to a scalar, fixing the shape at the first row of each
// level and requiring every other row to match it.
class ArrayWriter {
public:
  ArrayWriter(const Type &type, std::vector<unsigned char> &data) : data_(data) {
    const Type *t = &type;
    while (t->kind == Kind::vec || t->kind == Kind::arr) {
      levels_.push_back(t);
      t = &t->args[0];
    }
    if (t->kind != Kind::scalar && t->kind != Kind::boolean)
      throw std::invalid_argument("'" + type.name +
                                  "' is not an array of numbers (vectors and arrays of scalars)");
    item_ = t;
    shape_.assign(levels_.size(), 0);
    known_.assign(levels_.size(), false);
  }

  void write(Source &in, std::size_t level = 0) {
    if (level == levels_.size()) {
      unsigned char bytes[16];
      in.read(bytes, item_->width);
      if (item_->kind == Kind::boolean && bytes[0] > 1)
        throw decode_error("bool byte is neither 0 nor 1");
      data_.insert(data_.end(), bytes, bytes + item_->width);
      return;
    }
    const Type &t = *levels_[level];
    const bool bulk_below = level + 1 == levels_.size() && is_bulk(*item_);
    const std::uint64_t n = sequence_length(in, t);
    if (!known_[level]) {
      shape_[level] = n;
      known_[level] = true;
    } else if (shape_[level] != n) {
      throw std::invalid_argument("ragged array: rows of " + std::to_string(shape_[level]) +
                                  " and " + std::to_string(n) + " elements at depth " +
                                  std::to_string(level));
    }
    if (bulk_below) {
      in.align(item_->align);
      std::size_t at = data_.size();
      data_.resize(at + static_cast<std::size_t>(n * item_->width));
      in.read(data_.data() + at, static_cast<std::size_t>(n * item_->width));
      return;
    }
    for (std::uint64_t i = 0; i < n; ++i)
      write(in, level + 1);
  }

  std::string header() const { return npy_header(npy_descr(*item_), false, shape_); }

private:
  std::vector<unsigned char> &data_;
  std::vector<const Type *> levels_;
  const Type *item_ = nullptr;
  std::vector<std::uint64_t> shape_;
  std::vector<bool> known_;
};

} // namespace

Type parse_type(std::string_view name) { return TypeParser(name).parse_all(); }

Type result_type(std::string_view signature) {
  std::size_t arrow = signature.rfind(")->");
  return parse_type(arrow == std::string_view::npos ? std::string_view() : signature.substr(arrow + 3));
}

std::string preview(const Type &type, const std::vector<unsigned char> &payload, std::size_t max_items) {
  MemorySource in(payload.data(), payload.size());
  std::string out;
  Previewer(max_items).value(in, type, out);
  if (in.remaining() != 0)
    throw decode_error(std::to_string(in.remaining()) + " bytes left after the value");
  return out;
}

std::string to_npy(const Type &type, const std::vector<unsigned char> &payload) {
  MemorySource in(payload.data(), payload.size());
  std::vector<unsigned char> data;
  std::string header;
  if (type.kind == Kind::matrix || type.kind == Kind::tensor) {
    // In its own storage order: numpy reads a column-major block as fortran_order.
    const std::vector<std::uint64_t> shape = eigen_shape(in, type);
    data = read_block(in, type.args[0], element_count(shape));
    header = npy_header(npy_descr(type.args[0]), !type.row_major, shape);
  } else if (type.kind == Kind::sparse) {
    throw std::invalid_argument("'" + type.name + "' is a sparse matrix; .npy holds dense arrays only");
  } else {
    ArrayWriter writer(type, data);
    writer.write(in);
    header = writer.header();
  }
  if (in.remaining() != 0)
    throw decode_error(std::to_string(in.remaining()) + " bytes left after the value");
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out.append(reinterpret_cast<const char *>(data.data()), data.size());
  return out;
}

} // namespace npcache::cli
