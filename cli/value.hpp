// Reading a stored value without its C++ type: the entry's signature names the result's
// codec ("vec<f64>", "map<str,arr<i32,3>>"), and the built-in codecs' layouts are fixed,
// so the command can preview a value and export arrays. A user codec's name is opaque
// here; such values are reported by size only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace npcache::cli {

struct Type {
  enum class Kind { scalar, boolean, long_double, text, enumeration, vec, arr, list, pair, tuple,
                    optional, variant, map, set, umap, uset, structure,
                    matrix,  // Eigen Matrix or Array: u64 rows, u64 cols, elements in storage order
                    tensor,  // Eigen Tensor: `count` u64 dimensions, elements in storage order
                    sparse,  // Eigen SparseMatrix: shape, nonzeros, compressed arrays
                    opaque };
  Kind kind = Kind::opaque;
  std::string name;        // as the codec wrote it
  // 'i', 'u', 'f', 'x' (complex) or 'c' (characters) for scalars and text
  char scalar_kind = 0;
  std::size_t width = 0;   // bytes per scalar or text character
  std::size_t align = 0;   // a scalar's alignment in bulk arrays (a complex: its part's)
  std::uint64_t count = 0; // arr<T,N>: N; a tensor's rank
  bool row_major = false;  // Eigen types: the storage order
  std::int64_t fixed_rows = -1, fixed_cols = -1; // an Eigen matrix's sizes fixed at compile time
  std::vector<Type> args;
};

// Parses a codec name; anything it does not know becomes Kind::opaque.
Type parse_type(std::string_view name);
// The result type of a signature "(i32,f64)->vec<f64>".
Type result_type(std::string_view signature);

// A one-line rendering, eliding the middle of long sequences. Throws npcache::decode_error
// if the bytes do not form a value of `type`.
std::string preview(const Type &type, const std::vector<unsigned char> &payload,
                    std::size_t max_items = 8);

// The NumPy .npy file for an array value (a scalar, vectors and arrays of scalars nested
// to any depth with equal lengths, an Eigen matrix or tensor in its own storage order).
// Throws std::invalid_argument for other values.
std::string to_npy(const Type &type, const std::vector<unsigned char> &payload);

} // namespace npcache::cli
