// Eigen's types: round trips, and keys that change with every element, shape, storage
// order and scalar type, and only with those (a Ref, Map, block or expression hashes as
// the matrix it equals).
#include "test_util.hpp"

#include <npcache/codec/eigen.hpp>
#include <npcache/codec/eigen_sparse.hpp>
#include <npcache/codec/eigen_tensor.hpp>
#include <npcache/codec/numeric.hpp>

#include <gtest/gtest.h>

#include <cstdint>

namespace npcache::test {
namespace {

// What a cached call's key holds of an argument: its codec's name and its encoding.
template <class T> std::string key(const T &value) { return type_name<T>() + ":" + key_of(value).hex(); }

template <class M> M sequence(Eigen::Index rows, Eigen::Index cols) {
  M m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j)
      m(i, j) = static_cast<typename M::Scalar>(i * 10 + j + 1);
  return m;
}

template <class T> void expect_dense_round_trip(const T &value) {
  T back = decode<T>(encode(value));
  ASSERT_EQ(back.rows(), value.rows());
  ASSERT_EQ(back.cols(), value.cols());
  EXPECT_TRUE((back.array() == value.array()).all()) << type_name<T>();
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(back.data()) % EIGEN_DEFAULT_ALIGN_BYTES, 0u);
}

using RowMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

TEST(Eigen, DenseTypesRoundTrip) {
  expect_dense_round_trip(sequence<Eigen::MatrixXd>(3, 4));
  expect_dense_round_trip(sequence<RowMatrixXd>(3, 4));
  expect_dense_round_trip(sequence<Eigen::Matrix3f>(3, 3));
  expect_dense_round_trip(sequence<Eigen::Matrix<int, 2, 5, Eigen::RowMajor>>(2, 5));
  expect_dense_round_trip(sequence<Eigen::ArrayXXd>(2, 3));
  expect_dense_round_trip(Eigen::VectorXd::LinSpaced(7, 0, 1).eval());
  expect_dense_round_trip(Eigen::RowVector4d(1, 2, 3, 4));
  expect_dense_round_trip(Eigen::MatrixXd(0, 5));
  expect_dense_round_trip(Eigen::MatrixXcd::Constant(2, 2, std::complex<double>(1, -2)).eval());
  Eigen::Array<bool, Eigen::Dynamic, 1> flags(3);
  flags << true, false, true;
  expect_dense_round_trip(flags);
}

TEST(Eigen, AKeyChangesWithAnyElementShapeOrderOrScalar) {
  const Eigen::MatrixXd m = sequence<Eigen::MatrixXd>(3, 4);
  EXPECT_EQ(key(m), key(Eigen::MatrixXd(m)));
  Eigen::MatrixXd edited = m;
  edited(2, 3) += 1e-12;
  EXPECT_NE(key(m), key(edited));
  EXPECT_NE(key(m), key(Eigen::MatrixXd(m.reshaped(4, 3))));   // same elements, other shape
  EXPECT_NE(key(m), key(Eigen::MatrixXd(m.reshaped(12, 1))));
  EXPECT_NE(key(m), key(RowMatrixXd(m)));                      // same values, other order
  EXPECT_NE(key(m), key(Eigen::MatrixXf(m.cast<float>())));    // other scalar
  EXPECT_NE(key(m), key(Eigen::ArrayXXd(m.array())));          // an Array is another type
  EXPECT_NE(key(Eigen::Matrix3d(Eigen::Matrix3d::Identity())), key(Eigen::MatrixXd(Eigen::MatrixXd::Identity(3, 3))));
  Eigen::MatrixXd negative_zero = Eigen::MatrixXd::Zero(2, 2);
  negative_zero(1, 1) = -0.0;
  EXPECT_NE(key(Eigen::MatrixXd(Eigen::MatrixXd::Zero(2, 2))), key(negative_zero));
}

TEST(Eigen, ViewsAndExpressionsHashAsTheMatrixTheyEqual) {
  const Eigen::MatrixXd m = sequence<Eigen::MatrixXd>(4, 5);
  const Eigen::MatrixXd other = m; // another address
  const std::string expected = key(m);
  EXPECT_EQ(key<Eigen::Ref<const Eigen::MatrixXd>>(m), expected);
  EXPECT_EQ(key<Eigen::Ref<const Eigen::MatrixXd>>(other), expected);
  EXPECT_EQ(key(Eigen::Map<const Eigen::MatrixXd>(other.data(), 4, 5)), expected);
  EXPECT_EQ(key(m * 1.0), expected); // an expression
  EXPECT_EQ(type_name<decltype(m + m)>(), type_name<Eigen::MatrixXd>());
  EXPECT_EQ(key_of(m + m).hex(), key_of(Eigen::MatrixXd(2 * m)).hex());
  const Eigen::MatrixXd big = sequence<Eigen::MatrixXd>(6, 7);
  EXPECT_EQ(key_of(big.block(1, 1, 4, 5)).hex(), key_of(Eigen::MatrixXd(big.block(1, 1, 4, 5))).hex());
  EXPECT_EQ(key_of(Eigen::Ref<const Eigen::MatrixXd>(big.block(1, 1, 4, 5))).hex(),
            key_of(Eigen::MatrixXd(big.block(1, 1, 4, 5))).hex()); // a strided Ref
  // Strided views are hashed one outer slice at a time: the same bytes as one block.
  const RowMatrixXd row_big = big;
  EXPECT_EQ(key(Eigen::Ref<const RowMatrixXd>(row_big.block(1, 1, 4, 5))), key(RowMatrixXd(big.block(1, 1, 4, 5))));
  using Strided = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, 2>>;
  const Strided every_other(big.data(), 3, 7, Eigen::Stride<Eigen::Dynamic, 2>(6, 2)); // rows 0, 2, 4
  EXPECT_EQ(key(every_other), key(Eigen::MatrixXd(every_other)));
  EXPECT_EQ(Eigen::MatrixXd(every_other)(1, 0), big(2, 0));
  // An expression hashes as its own plain type: a transpose of a column-major matrix is
  // row-major, so it is keyed as the RowMatrixXd it equals (and named so).
  EXPECT_EQ(key(m.transpose()), key(RowMatrixXd(m.transpose())));
  const RowMatrixXd row = m;
  EXPECT_EQ(key_of(Eigen::Ref<const Eigen::MatrixXd>(row)).hex(), expected.substr(expected.find(':') + 1));
  EXPECT_NE(key_of(Eigen::Map<const Eigen::MatrixXd>(other.data(), 5, 4)).hex(), key_of(m).hex());
  // A function template's parameter, const Eigen::MatrixBase<D> &.
  const Eigen::MatrixBase<Eigen::MatrixXd> &base = m;
  EXPECT_EQ(key(base), expected);
}

TEST(Eigen, SparseMatricesRoundTripAndKeyOnValues) {
  Eigen::SparseMatrix<double> s(4, 5);
  s.insert(0, 1) = 2.5;
  s.insert(3, 4) = -1;
  s.insert(2, 1) = 7;
  Eigen::SparseMatrix<double> compressed = s;
  compressed.makeCompressed();
  ASSERT_FALSE(s.isCompressed());
  auto back = decode<Eigen::SparseMatrix<double>>(encode(s));
  EXPECT_EQ(Eigen::MatrixXd(back), Eigen::MatrixXd(s));
  EXPECT_EQ(key(s), key(compressed)); // however it was built
  Eigen::SparseMatrix<double> edited = compressed;
  edited.coeffRef(3, 4) = -2;
  EXPECT_NE(key(compressed), key(edited));
  Eigen::SparseMatrix<double> moved(4, 5);
  moved.insert(0, 2) = 2.5;
  moved.insert(3, 4) = -1;
  moved.insert(2, 1) = 7;
  EXPECT_NE(key(s), key(moved)); // same values, another place
  EXPECT_NE(key(s), key(Eigen::SparseMatrix<double, Eigen::RowMajor>(s)));
  EXPECT_NE(key(s), key(Eigen::SparseMatrix<double>(s.transpose())));
  Eigen::SparseMatrix<double, Eigen::RowMajor> row(s);
  EXPECT_EQ(Eigen::MatrixXd(decode<Eigen::SparseMatrix<double, Eigen::RowMajor>>(encode(row))), Eigen::MatrixXd(s));
}

TEST(Eigen, ADamagedSparseStructureIsADecodeError) {
  Eigen::SparseMatrix<double> s(3, 3);
  s.insert(0, 0) = 1;
  s.insert(2, 0) = 2;
  s.makeCompressed();
  std::vector<unsigned char> bytes = encode(s);
  // u64 rows, cols, nonzeros; then 4 i32 outer starts; then 2 i32 inner indices.
  const std::size_t inner_at = 24 + 4 * 4;
  std::vector<unsigned char> swapped = bytes;
  std::swap_ranges(swapped.begin() + inner_at, swapped.begin() + inner_at + 4, swapped.begin() + inner_at + 4);
  EXPECT_THROW(decode<Eigen::SparseMatrix<double>>(swapped), decode_error); // inner not rising
  std::vector<unsigned char> outside = bytes;
  outside[inner_at + 4] = 3; // row 3 of 3
  EXPECT_THROW(decode<Eigen::SparseMatrix<double>>(outside), decode_error);
  std::vector<unsigned char> starts = bytes;
  starts[24 + 4] = 5; // the second start beyond the nonzeros
  EXPECT_THROW(decode<Eigen::SparseMatrix<double>>(starts), decode_error);
}

TEST(Eigen, TensorsRoundTripAndKeyOnShapeAndValues) {
  Eigen::Tensor<float, 3> t(2, 3, 4);
  for (Eigen::Index i = 0; i < t.size(); ++i)
    t.data()[i] = static_cast<float>(i) / 3;
  Eigen::Tensor<float, 3> back = decode<Eigen::Tensor<float, 3>>(encode(t));
  ASSERT_EQ(back.dimensions(), t.dimensions());
  EXPECT_EQ(std::vector<float>(back.data(), back.data() + back.size()),
            std::vector<float>(t.data(), t.data() + t.size()));
  Eigen::Tensor<float, 3> reshaped = t.reshape(Eigen::array<Eigen::Index, 3>{4, 3, 2});
  EXPECT_NE(key(t), key(reshaped));
  Eigen::Tensor<float, 3> edited = t;
  edited(1, 2, 3) = 0;
  EXPECT_NE(key(t), key(edited));
  EXPECT_NE(key(t), key(Eigen::Tensor<double, 3>(t.cast<double>())));
  EXPECT_NE((type_name<Eigen::Tensor<float, 3>>()), (type_name<Eigen::Tensor<float, 3, Eigen::RowMajor>>()));
}

TEST(Eigen, ShapesThatDoNotFitTheTypeAreDecodeErrors) {
  std::vector<unsigned char> bytes = encode(sequence<Eigen::MatrixXd>(2, 3));
  EXPECT_THROW(decode<Eigen::Matrix3d>(bytes), decode_error); // 2x3 is not 3x3
  std::vector<unsigned char> huge = bytes;
  std::fill(huge.begin(), huge.begin() + 16, 0xff); // rows and cols of 2^64 - 1
  EXPECT_THROW(decode<Eigen::MatrixXd>(huge), decode_error);
}

TEST(Eigen, CodecNames) {
  EXPECT_EQ(type_name<Eigen::MatrixXd>(), "emat<f64,X,X,c>");
  EXPECT_EQ(type_name<RowMatrixXd>(), "emat<f64,X,X,r>");
  EXPECT_EQ(type_name<Eigen::Matrix3f>(), "emat<f32,3,3,c>");
  EXPECT_EQ(type_name<Eigen::VectorXd>(), "emat<f64,X,1,c>");
  EXPECT_EQ(type_name<Eigen::ArrayXXi>(), "earr<i32,X,X,c>");
  EXPECT_EQ(type_name<Eigen::MatrixXcd>(), "emat<cplx<f64>,X,X,c>");
  EXPECT_EQ(type_name<Eigen::SparseMatrix<double>>(), "esparse<f64,c,i32>");
  EXPECT_EQ((type_name<Eigen::Tensor<float, 3>>()), "eten<f32,3,c>");
}

} // namespace
} // namespace npcache::test
