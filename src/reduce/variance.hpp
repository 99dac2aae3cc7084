// Variance in the arithmetic of a format, torch.var's definition:
// sum (x_i - mean)^2 / (n - correction), correction 1 by default (unbiased);
// batchnorm and layernorm normalise with correction 0. n is rounded to the
// format (bf16 holds integers exactly only up to 256).
//   textbook: (sum x_i^2 - (sum x_i)^2 / n) / (n - c), one pass; cancels
//             catastrophically when mean^2 >> variance (kappa^2 u).
//   two_pass: mean first (pairwise sum), then sum (x_i - mean)^2.
//   welford:  one pass with running mean and sum of squared deviations
//             (Welford 1962): d = x - M; M += d/k; S += d (x - M).
// Relative error of S (Chan, Golub & LeVeque 1983), kappa = sqrt(1 + n mean^2/S):
// textbook ~ n kappa^2 u, two-pass ~ n u + n^2 kappa^2 u^2 with a recursive mean
// (n u + (log2 n)^2 kappa^2 u^2 with the pairwise mean used here), welford ~ n kappa u.
#pragma once
#include <string_view>

#include <Eigen/Core>

#include "src/reduce/sum.hpp"

namespace numstab::reduce {

template <class Tag>
double count_in_format(Eigen::Index n) {
  return round_to<Tag>(static_cast<double>(n));
}

// sum (x - mean)^2, the quantity the three algorithms differ on.
template <class Tag>
double squared_deviations_textbook(const Eigen::VectorXd& x) {
  double total = 0, squares = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    total = round_to<Tag>(total + x[i]);
    squares = round_to<Tag>(squares + round_to<Tag>(x[i] * x[i]));
  }
  const double n = count_in_format<Tag>(x.size());
  return round_to<Tag>(squares - round_to<Tag>(round_to<Tag>(total * total) / n));
}

// The mean from a pairwise sum (as NumPy's var): a recursive sum's error
// n u |mean| would dominate the second pass at large offsets.
template <class Tag>
double squared_deviations_two_pass(const Eigen::VectorXd& x) {
  const double mean = round_to<Tag>(sum_pairwise<Tag>(x) / count_in_format<Tag>(x.size()));
  double s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double d = round_to<Tag>(x[i] - mean);
    s = round_to<Tag>(s + round_to<Tag>(d * d));
  }
  return s;
}

template <class Tag>
double squared_deviations_welford(const Eigen::VectorXd& x) {
  double mean = 0, s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double d = round_to<Tag>(x[i] - mean);
    mean = round_to<Tag>(mean + round_to<Tag>(d / count_in_format<Tag>(i + 1)));
    s = round_to<Tag>(s + round_to<Tag>(d * round_to<Tag>(x[i] - mean)));
  }
  return s;
}

// The mean of the two-pass algorithm (normalisation layers use it).
template <class Tag>
double mean_two_pass(const Eigen::VectorXd& x) {
  return round_to<Tag>(sum_pairwise<Tag>(x) / count_in_format<Tag>(x.size()));
}

inline constexpr const char* kVarianceAlgorithms[] = {"textbook", "two_pass", "welford"};

template <class Tag>
double squared_deviations(std::string_view algorithm, const Eigen::VectorXd& x) {
  if (algorithm == "textbook") return squared_deviations_textbook<Tag>(x);
  if (algorithm == "welford") return squared_deviations_welford<Tag>(x);
  if (algorithm == "two_pass") return squared_deviations_two_pass<Tag>(x);
  throw unknown_name("variance algorithm", algorithm, {"textbook", "two_pass", "welford"});
}

// torch.var(x, correction=c): S / (n - c); NaN (0/0) for n <= c with S = 0.
template <class Tag>
double variance(std::string_view algorithm, const Eigen::VectorXd& x, double correction = 1) {
  const double divisor = round_to<Tag>(count_in_format<Tag>(x.size()) - correction);
  return round_to<Tag>(squared_deviations<Tag>(algorithm, x) / divisor);
}

}  // namespace numstab::reduce
