// The finite-difference engine (src/gradcheck/finite_difference.hpp): exact on
// polynomials where the theory says so, its error bound holds on smooth functions
// in multiprecision (Richardson) and in every working format, and the directional
// mode finds a wrong Jacobian entry and names it. Mutation* tests run the same
// properties on broken inputs and require them to fail.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include <fmt/format.h>

#include "properties/vecops_generators.hpp"
#include "src/gradcheck/finite_difference.hpp"

namespace numstab {
namespace {

using gradcheck::RealVector;

constexpr unsigned kBits = 384;

// Smooth test functions with their exact derivatives (Real) and a double version.
struct Smooth {
  const char* name;
  std::function<Real(const Real&)> f, df;
  std::function<long double(long double)> f_wide;
  double lo, hi;  // where x is drawn
};

const std::vector<Smooth>& smooth_functions() {
  static const std::vector<Smooth> fs = {
      {"exp", [](const Real& x) { return Real(exp(x)); }, [](const Real& x) { return Real(exp(x)); },
       [](long double x) { return std::exp(x); }, -8, 8},
      {"sin", [](const Real& x) { return Real(sin(x)); }, [](const Real& x) { return Real(cos(x)); },
       [](long double x) { return std::sin(x); }, -6, 6},
      {"tanh", [](const Real& x) { return Real(tanh(x)); },
       [](const Real& x) { return Real(1 / (cosh(x) * cosh(x))); }, [](long double x) { return std::tanh(x); }, -4, 4},
      {"log1p", [](const Real& x) { return Real(log1p(x)); }, [](const Real& x) { return Real(1 / (1 + x)); },
       [](long double x) { return std::log1p(x); }, 0, 30},
      {"cube", [](const Real& x) { return Real(x * x * x); }, [](const Real& x) { return Real(3 * x * x); },
       [](long double x) { return x * x * x; }, -30, 30},  // (30 + 2h)^3 < 65504 (f16)
  };
  return fs;
}

const Smooth& some_smooth() {
  return smooth_functions()[*rc::gen::inRange<size_t>(0, smooth_functions().size())];
}

// --- multiprecision ------------------------------------------------------------

// Richardson with L levels removes h^2 .. h^(2L): exact for degree <= 2L + 2.
RC_GTEST_PROP(FiniteDifference, RichardsonExactOnPolynomials, ()) {
  set_real_precision(kBits);
  const int levels = *rc::gen::inRange(1, 8);
  const int degree = *rc::gen::inRange(0, 2 * levels + 3);
  std::vector<Real> c;
  for (int k = 0; k <= degree; ++k) c.push_back(Real(*rc::gen::inRange(-100, 101)) / 8);
  const Real x = Real(*rc::gen::inRange(-4000, 4001)) / 1000;
  auto poly = [&](const Real& t) {
    Real s = 0;
    for (int k = degree; k >= 0; --k) s = s * t + c[static_cast<size_t>(k)];
    return s;
  };
  Real exact = 0;
  for (int k = degree; k >= 1; --k) exact = exact * x + k * c[static_cast<size_t>(k)];
  const auto est = gradcheck::richardson_derivative(poly, x, levels);
  const Real err = abs(est.value - exact);
  RC_TAG(degree);
  // Only the Real rounding is left: far below 2^-(384 - 64) of the values. (The
  // error estimate is not checked here: Horner's rounding near a root exceeds the
  // engine's model of f's error, a few units of 2^-P of |f|.)
  if (!(err <= ldexp(Real(1), -300)))
    RC_FAIL(fmt::format("degree {} levels {} x {}: estimate {} exact {} error {} bound {}", degree, levels,
                        exact_dec_text(x), exact_dec_text(est.value), exact_dec_text(exact),
                        exact_dec_text(err), exact_dec_text(est.error)));
}

void richardson_bound_holds(int levels) {
  set_real_precision(kBits);
  const Smooth& s = some_smooth();
  const Real x = s.lo + (s.hi - s.lo) * (props::unit_uniform() + 1) / 2;
  const auto est = gradcheck::richardson_derivative(s.f, x, levels);
  const Real err = abs(est.value - s.df(x));
  RC_TAG(s.name);
  if (!(err <= est.error))
    RC_FAIL(fmt::format("{} at {}: Richardson {} exact {} error {} > bound {}", s.name, exact_dec_text(x),
                        exact_dec_text(est.value), exact_dec_text(s.df(x)), exact_dec_text(err),
                        exact_dec_text(est.error)));
}

RC_GTEST_PROP(FiniteDifference, RichardsonBoundHoldsOnSmoothFunctions, ()) { richardson_bound_holds(8); }

// Directional and full-Jacobian Richardson against a closed form.
RC_GTEST_PROP(FiniteDifference, RichardsonJacobianOfAVectorFunction, ()) {
  set_real_precision(kBits);
  auto F = [](const RealVector& v) {
    return RealVector{Real(v[0] * v[1] + sin(v[2])), Real(exp(v[0]) - v[1] * v[2] * v[2])};
  };
  RealVector x;
  for (int j = 0; j < 3; ++j) x.push_back(Real(2 * props::unit_uniform()));
  const Real J[2][3] = {{x[1], x[0], Real(cos(x[2]))}, {Real(exp(x[0])), -x[2] * x[2], -2 * x[1] * x[2]}};
  const auto jac = gradcheck::richardson_jacobian(F, x);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) {
      const auto& e = jac[static_cast<size_t>(i)][static_cast<size_t>(j)];
      RC_ASSERT(abs(e.value - J[i][j]) <= e.error);
      RC_ASSERT(e.error <= ldexp(Real(1), -150));  // converged far beyond any format
    }
}

// --- working precision ---------------------------------------------------------

// A correctly rounded kernel of the format for s (wide evaluation, one rounding).
std::function<double(double)> kernel_of(const Smooth& s, Format f, double sloppiness = 0) {
  return [&s, f, sloppiness](double x) {
    const long double v = s.f_wide(x);
    return round_to(f, static_cast<double>(v * (1 + sloppiness)));
  };
}

// |estimate - f'(x)| <= truncation + rounding, for a kernel within kernel_error_u u.
void working_bound_holds(double claimed_error_u, double actual_sloppiness_u) {
  const Format f = props::any_format();
  const Smooth& s = some_smooth();
  const double x = round_to(f, s.lo + (s.hi - s.lo) * (props::unit_uniform() + 1) / 2);
  const double u = unit_roundoff(f);
  const auto est = gradcheck::working_derivative(kernel_of(s, f, actual_sloppiness_u * u), f, x, claimed_error_u);
  set_real_precision(kBits);
  const Real exact = s.df(Real(x));
  const double err = static_cast<double>(abs(Real(est.value) - exact));
  RC_TAG(spec(f).name);
  if (!(err <= est.bound))
    RC_FAIL(fmt::format("{} {} at {}: estimate {} exact {} error {:.3g} > bound {:.3g} (truncation {:.3g}, "
                        "rounding {:.3g}, h+ {}, h- {})",
                        s.name, spec(f).name, hex_text(x), hex_text(est.value), exact_dec_text(exact), err,
                        est.bound, est.truncation, est.rounding, hex_text(est.h_plus), hex_text(est.h_minus)));
}

// Kernels rounded once from long double: error <= u (1 + 2^-10).
RC_GTEST_PROP(FiniteDifference, WorkingBoundHoldsOnSmoothFunctions, ()) { working_bound_holds(1 + 1.0 / 1024, 0); }

// Three-point differences are exact on quadratics when the values are: dyadic
// coefficients and points with few bits make every f(x_i) exact in f64.
RC_GTEST_PROP(FiniteDifference, WorkingExactOnQuadratics, ()) {
  const int a = *rc::gen::inRange(-8, 9), b = *rc::gen::inRange(-8, 9), c = *rc::gen::inRange(-8, 9);
  const double x = *rc::gen::inRange(-255, 256) / 16.0;
  auto q = [=](double t) { return (a * t + b) * t + c; };
  const auto est = gradcheck::working_derivative(q, Format::f64, x);
  RC_ASSERT(est.h_plus == est.h_minus);
  if (est.value != 2 * a * x + b)
    RC_FAIL(fmt::format("q = {}x^2 + {}x + {} at {}: estimate {} != {}", a, b, c, x, hex_text(est.value),
                        hex_text(2 * a * x + b)));
}

TEST(SmokeFiniteDifference, StepIsAPowerOfTwoAndThePointsAreExact) {
  for (Format f : kAllFormats)
    for (double x : {0.0, 1.0, -3.0, 1000.0, 1.5, -0.125}) {
      const double xr = round_to(f, x), h = gradcheck::working_step(f, xr);
      int e;
      EXPECT_EQ(std::frexp(h, &e), 0.5) << h;
      EXPECT_EQ(round_to(f, xr + h) - xr, h) << spec(f).name << " x = " << xr;
      EXPECT_EQ(xr - round_to(f, xr - h), h) << spec(f).name << " x = " << xr;
    }
  // f64 at x = 1: u^(1/3) = 2^-17.67 rounds to 2^-18.
  EXPECT_EQ(gradcheck::working_step(Format::f64, 1.0), std::ldexp(1.0, -18));
  // f16 at x = 2 - 2^-10: x + 1/8 crosses into [2, 4) where it is not a value
  // (odd multiple of 2^-10): the engine uses h+ = fl(x + h) - x != h- = h.
  const double x = 1.9990234375;
  const auto est = gradcheck::working_derivative([](double t) { return round_to(Format::f16, t * t); },
                                                 Format::f16, x);
  EXPECT_EQ(est.h_minus, 0.125);
  EXPECT_EQ(est.h_plus, round_to(Format::f16, x + 0.125) - x);
  EXPECT_NE(est.h_plus, est.h_minus);
  EXPECT_LE(std::fabs(est.value - 2 * x), est.bound) << est.value << " bound " << est.bound;
}

// --- directional mode --------------------------------------------------------------

// Sums of positive terms (no cancellation), so F's error is a few u of |F_i|:
// F_0 = e^(x_0) (1 + x_1^2) + cosh(x_2), F_1 = x_0^2 + x_1^2 x_2^2 + 1.
Eigen::VectorXd F(const Eigen::VectorXd& v) {
  Eigen::VectorXd y(2);
  y << std::exp(v[0]) * (1 + v[1] * v[1]) + std::cosh(v[2]), v[0] * v[0] + v[1] * v[1] * v[2] * v[2] + 1;
  return y;
}
// J^T w; `broken` drops the 2 of dF_1/dx_2 = 2 x_1^2 x_2.
Eigen::VectorXd F_vjp(const Eigen::VectorXd& v, const Eigen::VectorXd& w, bool broken) {
  Eigen::VectorXd g(3);
  g << w[0] * std::exp(v[0]) * (1 + v[1] * v[1]) + w[1] * 2 * v[0],
      w[0] * std::exp(v[0]) * 2 * v[1] + w[1] * 2 * v[1] * v[2] * v[2],
      w[0] * std::sinh(v[2]) + w[1] * (broken ? 1 : 2) * v[1] * v[1] * v[2];
  return g;
}

// glibc's exp and cosh in double are within 1 ulp (2u); the formulas add a few
// roundings of positive terms: 8u covers F's evaluation.
constexpr double kFErrorU = 8;

RC_GTEST_PROP(FiniteDifference, DirectionalPassesACorrectVjp, ()) {
  Eigen::VectorXd x(3);
  for (int j = 0; j < 3; ++j) x[j] = 3 * props::unit_uniform();
  const auto r = gradcheck::directional_check(
      F, [](const Eigen::VectorXd& v, const Eigen::VectorXd& w) { return F_vjp(v, w, false); }, x, 2, Format::f64,
      *rc::gen::arbitrary<uint64_t>(), kFErrorU);
  if (!r.passed) RC_FAIL(r.summary());
}

RC_GTEST_PROP(FiniteDifference, DirectionalFindsAndNamesAWrongEntry, ()) {
  Eigen::VectorXd x(3);
  for (int j = 0; j < 3; ++j) x[j] = 3 * props::unit_uniform();
  RC_PRE(std::fabs(x[1] * x[1] * x[2]) > 0.01);  // where the broken entry differs visibly
  const auto r = gradcheck::directional_check(
      F, [](const Eigen::VectorXd& v, const Eigen::VectorXd& w) { return F_vjp(v, w, true); }, x, 2, Format::f64,
      *rc::gen::arbitrary<uint64_t>(), kFErrorU);
  RC_ASSERT(!r.passed);
  RC_ASSERT(r.fell_back);
  if (!(r.worst.row == 1 && r.worst.col == 2)) RC_FAIL("named the wrong element: " + r.summary());
}

// --- mutations ------------------------------------------------------------------------

TEST(FiniteDifferenceMutation, WorkingBoundFailsForAKernelWorseThanClaimed) {
  // The kernel is 64 u off while the engine is told 1 u: the rounding term is too small.
  EXPECT_FALSE(rc::check("sloppy kernel", [] { working_bound_holds(1, 64); }));
}

TEST(FiniteDifferenceMutation, RichardsonBoundFailsWithoutExtrapolation) {
  // levels = 0: one central difference, no error estimate beyond rounding.
  EXPECT_FALSE(rc::check("no extrapolation", [] { richardson_bound_holds(0); }));
}

TEST(FiniteDifferenceMutation, DirectionalPropertyFailsWhenTheVjpIsCorrect) {
  // The "names a wrong entry" property must not hold for a correct VJP.
  EXPECT_FALSE(rc::check("correct vjp", [] {
    Eigen::VectorXd x(3);
    for (int j = 0; j < 3; ++j) x[j] = 3 * props::unit_uniform();
    const auto r = gradcheck::directional_check(
        F, [](const Eigen::VectorXd& v, const Eigen::VectorXd& w) { return F_vjp(v, w, false); }, x, 2,
        Format::f64, 1, kFErrorU);
    RC_ASSERT(!r.passed);
  }));
}

}  // namespace
}  // namespace numstab
