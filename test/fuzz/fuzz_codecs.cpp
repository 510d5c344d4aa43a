// libFuzzer target: every built-in codec's decoder on arbitrary bytes. The first byte
// picks the type. Checked properties:
//  - no crash, no unbounded allocation (lengths are checked against the bytes left);
//  - where encodings are canonical, encode(decode(bytes)) gives back the bytes consumed;
//  - the command's generic reader (cli/value.cpp), driven by the codec's name, accepts
//    exactly the inputs the typed decoder accepts.
#include "../../cli/value.hpp"

#include <npcache/codec.hpp>
#ifdef NPCACHE_FUZZ_EIGEN
#include <npcache/codec/eigen.hpp>
#include <npcache/codec/eigen_sparse.hpp>
#include <npcache/codec/eigen_tensor.hpp>
#endif

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

struct Sample {
  double x;
  std::int32_t id;
  std::vector<std::string> tags;
};

template <class T> bool typed_accepts(const std::uint8_t *data, std::size_t size, bool canonical) {
  npcache::MemorySource in(data, size);
  T value;
  try {
    value = npcache::codec<T>::decode(in);
  } catch (const npcache::decode_error &) {
    return false;
  }
  if (in.remaining() != 0)
    return false;
  if (canonical) {
    npcache::BufferSink out;
    npcache::codec<T>::encode(out, value);
    const auto &bytes = out.bytes();
    if (bytes.size() != size || std::memcmp(bytes.data(), data, size) != 0)
      std::abort(); // two encodings of one value: keys would not be unique
  }
  return true;
}

bool generic_accepts(const std::string &type_name, const std::uint8_t *data, std::size_t size) {
  try {
    npcache::cli::preview(npcache::cli::parse_type(type_name),
                          std::vector<unsigned char>(data, data + size));
    return true;
  } catch (const npcache::decode_error &) {
    return false;
  }
}

template <class T> void check(const std::uint8_t *data, std::size_t size, bool canonical) {
  bool typed = typed_accepts<T>(data, size, canonical);
  if (typed != generic_accepts(npcache::codec<T>::name(), data, size))
    std::abort(); // the command would misread, or reject, what the runtime stores
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::uint8_t selector = data[0];
  ++data;
  --size;
#ifdef NPCACHE_FUZZ_EIGEN
  // Eigen's codecs: first bytes 240 and up (inputs below 240 keep their meaning).
  if (selector >= 240) {
    switch (selector % 6) {
    case 0: check<Eigen::MatrixXd>(data, size, true); break;
    case 1: check<Eigen::Matrix<float, 3, Eigen::Dynamic, Eigen::RowMajor>>(data, size, true); break;
    case 2: check<Eigen::ArrayXXcd>(data, size, true); break;
    case 3: check<Eigen::SparseMatrix<double>>(data, size, true); break;
    case 4: check<Eigen::SparseMatrix<float, Eigen::RowMajor, std::int64_t>>(data, size, true); break;
    case 5: check<Eigen::Tensor<std::int32_t, 3>>(data, size, true); break;
    }
    return 0;
  }
#endif
  switch (selector % 19) {
  case 0: check<std::vector<double>>(data, size, true); break;
  case 1: check<std::string>(data, size, true); break;
  case 2: check<std::tuple<std::int32_t, std::string, float>>(data, size, true); break;
  case 3: check<std::optional<std::vector<std::int16_t>>>(data, size, true); break;
  case 4: check<std::variant<std::int64_t, std::string, std::vector<bool>>>(data, size, true); break;
  case 5: check<std::array<float, 3>>(data, size, true); break;
  case 6: check<std::pair<std::uint8_t, std::vector<std::string>>>(data, size, true); break;
  case 7: check<Sample>(data, size, true); break;
  case 8: check<std::vector<std::vector<std::int32_t>>>(data, size, true); break;
  case 9: check<std::u32string>(data, size, true); break;
  // Decoding may drop duplicates or reorder: not canonical, but still checked against
  // the generic reader.
  case 10: check<std::map<std::string, std::int32_t>>(data, size, false); break;
  case 11: check<std::set<std::uint64_t>>(data, size, false); break;
  case 12: check<std::unordered_map<std::int32_t, std::vector<double>>>(data, size, false); break;
  case 13: check<std::unordered_set<std::string>>(data, size, false); break;
  case 14: check<std::vector<std::complex<double>>>(data, size, true); break;
  case 15: check<std::pair<std::deque<std::int32_t>, std::list<std::string>>>(data, size, true); break;
  case 16: check<std::valarray<float>>(data, size, true); break;
  case 17: check<std::tuple<bool, std::chrono::milliseconds, std::complex<float>>>(data, size, true); break;
  case 18: check<std::pair<bool, std::set<double>>>(data, size, false); break;
  }
  return 0;
}
