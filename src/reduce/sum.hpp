// Summation and dot product in the arithmetic of a format: every + and * is
// rounded with round_to<Tag> (src/arith.hpp), so the f16 naive sum really is an
// f16 sum. Inputs are values exactly representable in the format.
//   naive:    recursive, left to right      |error| <= gamma_{n-1} sum|x_i|
//   pairwise: recursive halving             |error| <= gamma_{ceil(log2 n)} sum|x_i|
//   kahan:    compensated (Kahan 1965)      |error| <= (2u + O(n u^2)) sum|x_i|
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., ch. 4.)
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string_view>

#include <Eigen/Core>

#include "src/arith.hpp"
#include "src/errors.hpp"

namespace numstab::reduce {

template <class Tag>
double sum_naive(const Eigen::VectorXd& x) {
  double s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) s = round_to<Tag>(s + x[i]);
  return s;
}

// Pure pairwise: the halves [lo, mid) and [mid, hi) with mid = lo + ceil(len/2)
// are summed recursively, so the depth is ceil(log2 n) additions.
template <class Tag>
double sum_pairwise_range(const Eigen::VectorXd& x, Eigen::Index lo, Eigen::Index hi) {
  const Eigen::Index len = hi - lo;
  if (len == 0) return 0;
  if (len == 1) return x[lo];
  const Eigen::Index mid = lo + (len + 1) / 2;
  return round_to<Tag>(sum_pairwise_range<Tag>(x, lo, mid) + sum_pairwise_range<Tag>(x, mid, hi));
}

template <class Tag>
double sum_pairwise(const Eigen::VectorXd& x) {
  return sum_pairwise_range<Tag>(x, 0, x.size());
}

template <class Tag>
double sum_kahan(const Eigen::VectorXd& x) {
  double s = 0, c = 0;  // c: the low part lost by the last addition, negated
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double y = round_to<Tag>(x[i] - c);
    const double t = round_to<Tag>(s + y);
    c = round_to<Tag>(round_to<Tag>(t - s) - y);
    s = t;
  }
  return s;
}

// Recursive dot product: |error| <= gamma_n sum|x_i y_i| (Higham (3.5)).
template <class Tag>
double dot(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  double s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) s = round_to<Tag>(s + round_to<Tag>(x[i] * y[i]));
  return s;
}

inline constexpr const char* kSumAlgorithms[] = {"naive", "pairwise", "kahan"};

template <class Tag>
double sum(std::string_view algorithm, const Eigen::VectorXd& x) {
  if (algorithm == "naive") return sum_naive<Tag>(x);
  if (algorithm == "pairwise") return sum_pairwise<Tag>(x);
  if (algorithm == "kahan") return sum_kahan<Tag>(x);
  throw unknown_name("sum algorithm", algorithm, {"naive", "pairwise", "kahan"});
}

}  // namespace numstab::reduce
