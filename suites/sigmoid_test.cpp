// sigmoid and sigmoid': special values (smoke) and properties (oracle tier).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "oracles/sigmoid/oracle.hpp"
#include "properties/activation_properties.hpp"
#include "properties/each_format.hpp"
#include "properties/oracle_properties.hpp"
#include "properties/special_values.hpp"

namespace numstab {
namespace {

TEST(SmokeSigmoid, SpecialValues) {
  for (Format f : kAllFormats) {
    const double big = props::largest_finite(f);
    EXPECT_EQ(props::special_value_failures(
                  {{"sigmoid", 0.0, 0.5}, {"sigmoid", -0.0, 0.5}, {"sigmoid", INFINITY, 1.0},
                   {"sigmoid", -INFINITY, 0.0}, {"sigmoid", big, 1.0}, {"sigmoid", -big, 0.0},
                   {"sigmoid_grad", 0.0, 0.25}, {"sigmoid_grad", INFINITY, 0.0},
                   {"sigmoid_grad", -INFINITY, 0.0}, {"sigmoid_grad", -big, 0.0}},
                  f),
              "");
  }
}

TEST(SmokeSigmoid, SoftplusLogSigmoidSiluSpecialValues) {
  for (Format f : kAllFormats) {
    const double big = props::largest_finite(f);
    const double inf = INFINITY;
    std::vector<props::SpecialCase> cases = {
        {"softplus", inf, inf},           {"softplus", -inf, 0.0},
        {"softplus", big, big},           {"softplus", -big, 0.0},
        {"log_sigmoid", inf, -0.0},       {"log_sigmoid", -inf, -inf},
        {"log_sigmoid", big, -0.0},       {"log_sigmoid", -big, -big},
        {"softplus_grad", 0.0, 0.5},      {"softplus_grad", inf, 1.0},
        {"softplus_grad", -inf, 0.0},     {"softplus_grad", big, 1.0},
        {"softplus_grad", -big, 0.0},     {"log_sigmoid_grad", 0.0, 0.5},
        {"log_sigmoid_grad", inf, 0.0},   {"log_sigmoid_grad", -inf, 1.0},
        {"log_sigmoid_grad", big, 0.0},   {"log_sigmoid_grad", -big, 1.0},
        {"silu", 0.0, 0.0},               {"silu", -0.0, -0.0},
        {"silu", inf, inf},               {"silu", -inf, -0.0},
        {"silu", big, big},               {"silu", -big, -0.0},
        {"silu_grad", 0.0, 0.5},          {"silu_grad", -0.0, 0.5},
        {"silu_grad", inf, 1.0},          {"silu_grad", -inf, -0.0},
        {"silu_grad", big, 1.0},          {"silu_grad", -big, -0.0}};
    // The far points: softplus(x) = x + log1p(e^-x) is x there, and
    // log_sigmoid(x) = -softplus(-x) is x on the left and -0 on the right.
    for (double far : {1e30, 1e308}) {
      if (far > big) continue;
      const double x = f == Format::f64 ? far : round_double_to(spec(f), far);
      cases.insert(cases.end(), {{"softplus", x, x}, {"softplus", -x, 0.0},
                                 {"log_sigmoid", -x, -x}, {"log_sigmoid", x, -0.0},
                                 {"silu", x, x}, {"silu", -x, -0.0}, {"silu_grad", x, 1.0}});
    }
    EXPECT_EQ(props::special_value_failures(cases, f), "");
  }
}

Kernel ref(const char* op, Format f, const std::vector<std::string>& params = {}) {
  const OpInfo& info = require_op(op);
  return reference_kernel(info, f, info.resolve_params(params));
}

NUMSTAB_PROP_EACH_FORMAT(Sigmoid, Monotone, props::monotone<Tag>(ref("sigmoid", Tag::format)))

RC_GTEST_PROP(Sigmoid, WithinZeroOneF32, ()) {
  props::within_range<F32>(ref("sigmoid", Format::f32), 0.0, 1.0);
}
RC_GTEST_PROP(Sigmoid, GradEvenF16, ()) { props::even<F16>(ref("sigmoid_grad", Format::f16)); }
RC_GTEST_PROP(Sigmoid, GradEvenF64, ()) { props::even<F64>(ref("sigmoid_grad", Format::f64)); }

// sigmoid'(x) = sigmoid(x) sigmoid(-x): the kernels agree to 2 ULP where the
// product is well conditioned (no cancellation: both factors are positive).
RC_GTEST_PROP(Sigmoid, GradIsProductOfSigmoidsF32, ()) {
  const Kernel s = ref("sigmoid", Format::f32);
  props::agrees_with<F32>(
      ref("sigmoid_grad", Format::f32),
      [&](double x) {
        const double a = props::output_of(s, props::make_input<F32>(x));
        const double b = props::output_of(s, props::make_input<F32>(-x));
        return static_cast<double>(static_cast<float>(a * b));
      },
      -80, 80, 2.0);
}

RC_GTEST_PROP(Sigmoid, OracleComplementsToOne, ()) {
  props::complement_to_one(&oracles::sigmoid, 256);
}

RC_GTEST_PROP(Sigmoid, GradIsTheSlopeOfTheOracle, ()) {
  props::derivative_matches_difference(&oracles::sigmoid, &oracles::sigmoid_grad, 120);
}

// --- local helpers -----------------------------------------------------------

using props::in_format;
using props::mixed_at_full_size;
using props::stepped;

// A step count in [-2^max_log2, 2^max_log2], log-uniform in magnitude so that
// the nearest neighbours come up often (RapidCheck's size does not shrink it).
inline int64_t some_steps(int max_log2) {
  const int j = *rc::gen::resize(100, rc::gen::inRange(0, max_log2 + 1));
  const int64_t span = int64_t{1} << j;
  return *rc::gen::resize(100, rc::gen::inRange<int64_t>(-span, span + 1));
}

// props::mixed, or half the time a value within 2^12 steps of `center` (a
// minimum or a root, which uniform samples almost never hit).
template <class Tag>
props::Input<Tag> mixed_or_near(double center) {
  const auto c = props::make_input<Tag>(in_format(Tag::format, center));
  if (*rc::gen::arbitrary<bool>()) return stepped(c, some_steps(12));
  return *mixed_at_full_size<Tag>();
}

// props::monotone on [lo, hi] only (silu rises on [r, inf), falls on (-inf, r]):
// sign +1 for increasing, -1 for decreasing; x is drawn near `center` half the time.
template <class Tag>
void monotone_on(const Kernel& k, double lo, double hi, int sign, double center = 0) {
  const auto x = mixed_or_near<Tag>(center);
  const auto y = stepped(x, *rc::gen::inRange<int64_t>(1, 17));
  RC_PRE(x.value() >= lo && y.value() <= hi && x.value() < y.value());
  const double fx = props::output_of(k, x), fy = props::output_of(k, y);
  if (!(sign * fx <= sign * fy))
    RC_FAIL(std::string(sign > 0 ? "not increasing" : "not decreasing") + ": f(" +
            hex_text(x.value()) + ") = " + hex_text(fx) + ", f(" + hex_text(y.value()) +
            ") = " + hex_text(fy));
}

// lo <= f(x) <= hi, with x drawn near `center` half the time.
template <class Tag>
void within_range_near(const Kernel& k, double lo, double hi, double center) {
  props::within_range_at(k, mixed_or_near<Tag>(center), lo, hi);
}

// f(x) == x bit for bit for every finite x with sign * x >= threshold: the
// limits softplus(x) -> x (x -> +inf) and log_sigmoid(x) -> x (x -> -inf),
// reached exactly once e^-|x| is below half an ULP of x.
template <class Tag>
void identity_past(const Kernel& k, double threshold, int sign) {
  const Format f = Tag::format;
  const uint64_t first = order_key(f, double_to_bits(f, in_format(f, threshold)));
  const uint64_t last = order_key(f, double_to_bits(f, props::largest_finite(f)));
  // Size-scaled: small sizes stay next to the threshold, full size spans to the largest finite.
  const double magnitude = bits_to_double(f, key_to_bits(f, *rc::gen::inRange(first, last + 1)));
  RC_PRE(magnitude >= threshold);
  const auto x = props::make_input<Tag>(sign * magnitude);
  const double fx = props::output_of(k, x);
  if (double_to_bits(f, fx) != double_to_bits(f, x.value()))
    RC_FAIL("f(" + hex_text(x.value()) + ") = " + hex_text(fx) + ", not x");
}

// The kernel within `bound` ULP of the oracle on x = the format's neighbour of
// `center` stepped by up to 2^max_log2_steps values either way (around a root).
template <class Tag>
void within_bound_near(const char* op_name, double center, int max_log2_steps, double bound) {
  const auto c = props::make_input<Tag>(in_format(Tag::format, center));
  const auto x = stepped(c, some_steps(max_log2_steps));
  props::within_bound_at(require_op(op_name), ref(op_name, Tag::format), x, bound);
}

// props::slope_matches_difference_at for op' with the op's parameters (no
// kinks), x from the whole line within max_abs_x.
void derivative_matches_difference(const char* op_name, const std::vector<std::string>& params,
                                   double max_abs_x) {
  const OpInfo& op = require_op(op_name);
  const OpInfo& grad = require_op(op_name + std::string("_grad"));
  const Params p = op.resolve_params(params);
  const auto x = *mixed_at_full_size<F64>(-max_abs_x, max_abs_x);
  props::slope_matches_difference_at(op.name + "'", op.oracle, grad.oracle, p, {}, max_abs_x,
                                     x.value());
}

// 256 and 512 bits agree (oracle_selfcheck_test does this for its list).
using props::oracle_precisions_agree;

// --- softplus and log_sigmoid ----------------------------------------------------

NUMSTAB_PROP_EACH_FORMAT(Softplus, Monotone, props::monotone<Tag>(ref("softplus", Tag::format)))
RC_GTEST_PROP(LogSigmoid, MonotoneF64, ()) {
  props::monotone<F64>(ref("log_sigmoid", Format::f64));
}
RC_GTEST_PROP(LogSigmoid, MonotoneF32, ()) {
  props::monotone<F32>(ref("log_sigmoid", Format::f32));
}
RC_GTEST_PROP(LogSigmoid, MonotoneBf16, ()) {
  props::monotone<BF16>(ref("log_sigmoid", Format::bf16));
}

// softplus(x) >= max(x, 0), never -0, and 0 only where the exact value is
// below half the smallest subnormal (x < (emin - p) ln2, as e^x).
template <class Tag>
void softplus_is_positive() {
  // The uniform part goes down past every format's underflow.
  const auto x = *mixed_at_full_size<Tag>(-800, 40);
  RC_PRE(!std::isnan(x.value()));
  const double fx = props::output_of(ref("softplus", Tag::format), x);
  const auto& s = spec(Tag::format);
  const double underflow = (s.emin - s.precision) * std::log(2.0);
  if (std::signbit(fx) || !(fx >= x.value()) || (fx == 0 && !(x.value() < underflow + 1e-6)))
    RC_FAIL("softplus(" + hex_text(x.value()) + ") = " + hex_text(fx));
}
NUMSTAB_PROP_EACH_FORMAT(Softplus, PositiveAndAboveX, softplus_is_positive<Tag>())

// log_sigmoid(x) <= min(x, 0), with the sign bit set everywhere (-0 at +inf).
template <class Tag>
void log_sigmoid_is_negative() {
  const auto x = *mixed_at_full_size<Tag>(-40, 800);
  RC_PRE(!std::isnan(x.value()));
  const double fx = props::output_of(ref("log_sigmoid", Tag::format), x);
  if (!std::signbit(fx) || !(fx <= x.value()))
    RC_FAIL("log_sigmoid(" + hex_text(x.value()) + ") = " + hex_text(fx));
}
RC_GTEST_PROP(LogSigmoid, NegativeAndBelowXF64, ()) { log_sigmoid_is_negative<F64>(); }
RC_GTEST_PROP(LogSigmoid, NegativeAndBelowXF32, ()) { log_sigmoid_is_negative<F32>(); }
RC_GTEST_PROP(LogSigmoid, NegativeAndBelowXBf16, ()) { log_sigmoid_is_negative<BF16>(); }

// softplus(x) - x = log1p(e^-x) -> 0: softplus(x) == x once that is below half
// an ULP of x (the catalog's "starts to round to x" thresholds), and
// log_sigmoid(x) == x for x below minus those. In f64 the check starts at 33.28,
// not at the row's 33.271: up to there x + log1p(e^-x) lies within 2^-11 ULP
// above the midpoint x + ULP/2, where the long double intermediate rounds onto
// the midpoint and then away from x (double rounding, 0.5 + 2^-11 ULP).
template <class Tag>
double rounds_to_x_from() {
  if (Tag::format == Format::f64) return 33.28;
  return require_op("softplus").probe(std::string(spec(Tag::format).name) + ": softplus(x) starts to round to x");
}
NUMSTAB_PROP_EACH_FORMAT(Softplus, IsXPastThreshold,
                         identity_past<Tag>(ref("softplus", Tag::format), rounds_to_x_from<Tag>(), +1))
RC_GTEST_PROP(LogSigmoid, IsXPastThresholdF64, ()) {
  identity_past<F64>(ref("log_sigmoid", Format::f64), rounds_to_x_from<F64>(), -1);
}
RC_GTEST_PROP(LogSigmoid, IsXPastThresholdF32, ()) {
  identity_past<F32>(ref("log_sigmoid", Format::f32), rounds_to_x_from<F32>(), -1);
}
RC_GTEST_PROP(LogSigmoid, IsXPastThresholdBf16, ()) {
  identity_past<BF16>(ref("log_sigmoid", Format::bf16), rounds_to_x_from<BF16>(), -1);
}

// log_sigmoid(x) = -softplus(-x), bit for bit (both are correctly rounded
// images of one value up to sign).
template <class Tag>
void log_sigmoid_mirrors_softplus() {
  const auto x = *mixed_at_full_size<Tag>();
  RC_PRE(!std::isnan(x.value()));
  const double a = props::output_of(ref("log_sigmoid", Tag::format), x);
  const double b =
      props::output_of(ref("softplus", Tag::format), props::make_input<Tag>(-x.value()));
  if (double_to_bits(Tag::format, a) != double_to_bits(Tag::format, -b))
    RC_FAIL("log_sigmoid(" + hex_text(x.value()) + ") = " + hex_text(a) + ", -softplus(-x) = " +
            hex_text(-b));
}
RC_GTEST_PROP(LogSigmoid, MirrorsSoftplusF64, ()) { log_sigmoid_mirrors_softplus<F64>(); }
RC_GTEST_PROP(LogSigmoid, MirrorsSoftplusF32, ()) { log_sigmoid_mirrors_softplus<F32>(); }

// softplus' = sigmoid: the gradient kernel agrees with the sigmoid kernel to
// 2 ULP, and with beta = 2, softplus'(x) = sigmoid(2x) (2x is exact).
RC_GTEST_PROP(Softplus, GradIsSigmoidF64, ()) {
  const Kernel s = ref("sigmoid", Format::f64);
  props::agrees_with<F64>(
      ref("softplus_grad", Format::f64),
      [&](double x) { return props::output_of(s, props::make_input<F64>(x)); }, -800, 800, 2.0);
}
RC_GTEST_PROP(Softplus, GradIsSigmoidF32, ()) {
  const Kernel s = ref("sigmoid", Format::f32);
  props::agrees_with<F32>(
      ref("softplus_grad", Format::f32),
      [&](double x) { return props::output_of(s, props::make_input<F32>(x)); }, -110, 110, 2.0);
}
RC_GTEST_PROP(Softplus, GradIsSigmoidOfBetaXF32, ()) {
  const Kernel s = ref("sigmoid", Format::f32);
  props::agrees_with<F32>(
      ref("softplus_grad", Format::f32, {"beta=2"}),
      [&](double x) { return props::output_of(s, props::make_input<F32>(2 * x)); }, -55, 55, 2.0);
}
// (log sigmoid)' = sigmoid(-x): the two kernels agree to 2 ULP.
RC_GTEST_PROP(LogSigmoid, GradIsSigmoidOfMinusXF32, ()) {
  const Kernel s = ref("sigmoid", Format::f32);
  props::agrees_with<F32>(
      ref("log_sigmoid_grad", Format::f32),
      [&](double x) { return props::output_of(s, props::make_input<F32>(-x)); }, -110, 110, 2.0);
}
RC_GTEST_PROP(Softplus, GradMonotoneF32, ()) {
  props::monotone<F32>(ref("softplus_grad", Format::f32));
}
RC_GTEST_PROP(Softplus, GradWithinZeroOneBf16, ()) {
  props::within_range<BF16>(ref("softplus_grad", Format::bf16), 0.0, 1.0);
}
RC_GTEST_PROP(LogSigmoid, GradDecreasingF32, ()) {
  monotone_on<F32>(ref("log_sigmoid_grad", Format::f32), -INFINITY, INFINITY, -1);
}
RC_GTEST_PROP(LogSigmoid, GradWithinZeroOneF16, ()) {
  props::within_range<F16>(ref("log_sigmoid_grad", Format::f16), 0.0, 1.0);
}

RC_GTEST_PROP(Softplus, GradIsTheSlopeOfTheOracle, ()) {
  derivative_matches_difference("softplus", {}, 700);
}
RC_GTEST_PROP(Softplus, GradIsTheSlopeOfTheOracleBeta, ()) {
  derivative_matches_difference("softplus", {"beta=2.5"}, 280);
}
RC_GTEST_PROP(LogSigmoid, GradIsTheSlopeOfTheOracle, ()) {
  derivative_matches_difference("log_sigmoid", {}, 700);
}
RC_GTEST_PROP(LogSigmoid, OracleGradComplementsToOne, ()) {
  props::complement_to_one(&oracles::log_sigmoid_grad, 256);
}

// --- silu ------------------------------------------------------------------------

// r = -1 - W(1/e) = -1.27846454276107379510...: silu's minimum -W(1/e) =
// silu(r), and silu_grad's root. The catalog's probe is r's upper f64
// neighbour, so x < r exactly when x < kSiluRoot for every x of every format
// (the sign test of silu_grad below holds the row to it).
const double kSiluRoot = require_op("silu_grad").probe("silu_grad's root -1 - W(1/e) (its f64 neighbour)");
constexpr double kSiluMin = -0x1.1d25cf210482ep-2;  // nearest f64 to -W(1/e)
// silu' ranges over [-0.09984, 1.09984] (extremes at -+2.3994), nearest f64.
constexpr double kSiluGradMin = -0x1.98f11d6cef08bp-4, kSiluGradMax = 0x1.198f11d6cef09p+0;

RC_GTEST_PROP(Silu, RisesRightOfTheRootF64, ()) {
  monotone_on<F64>(ref("silu", Format::f64), kSiluRoot, INFINITY, +1, kSiluRoot);
}
RC_GTEST_PROP(Silu, RisesRightOfTheRootF32, ()) {
  monotone_on<F32>(ref("silu", Format::f32), kSiluRoot, INFINITY, +1, kSiluRoot);
}
RC_GTEST_PROP(Silu, FallsLeftOfTheRootF64, ()) {
  monotone_on<F64>(ref("silu", Format::f64), -INFINITY, kSiluRoot, -1, kSiluRoot);
}
RC_GTEST_PROP(Silu, FallsLeftOfTheRootBf16, ()) {
  monotone_on<BF16>(ref("silu", Format::bf16), -INFINITY, kSiluRoot, -1, kSiluRoot);
}
RC_GTEST_PROP(Silu, AboveItsMinimumF64, ()) {
  within_range_near<F64>(ref("silu", Format::f64), kSiluMin, INFINITY, kSiluRoot);
}
RC_GTEST_PROP(Silu, AboveItsMinimumF32, ()) {
  within_range_near<F32>(ref("silu", Format::f32), in_format(Format::f32, kSiluMin), INFINITY,
                         kSiluRoot);
}
RC_GTEST_PROP(Silu, AboveItsMinimumF16, ()) {
  within_range_near<F16>(ref("silu", Format::f16), in_format(Format::f16, kSiluMin), INFINITY,
                         kSiluRoot);
}

// silu = x * sigmoid(x): the product of the sigmoid kernel's output, rounded
// once, is within 1.5 ULP of silu; the kernels agree to 2 (where sigmoid is
// normal: its subnormal outputs carry too few bits).
RC_GTEST_PROP(Silu, IsXTimesSigmoidF32, ()) {
  const Kernel s = ref("sigmoid", Format::f32);
  props::agrees_with<F32>(
      ref("silu", Format::f32),
      [&](double x) {
        return static_cast<double>(
            static_cast<float>(x * props::output_of(s, props::make_input<F32>(x))));
      },
      -80, 80, 2.0);
}
RC_GTEST_PROP(Silu, IsXTimesSigmoidF64, ()) {
  const Kernel s = ref("sigmoid", Format::f64);
  props::agrees_with<F64>(
      ref("silu", Format::f64),
      [&](double x) { return x * props::output_of(s, props::make_input<F64>(x)); }, -700, 700,
      2.0);
}

// The extremes are at -+2.3994 (x drawn near either half the time).
template <class Tag>
void silu_grad_within_range() {
  const double peak = require_op("silu_grad").probe("silu_grad's maximum 1.0998 (silu's inflection)");
  const double center = *rc::gen::element(-peak, peak);
  within_range_near<Tag>(ref("silu_grad", Tag::format), in_format(Tag::format, kSiluGradMin),
                         in_format(Tag::format, kSiluGradMax), center);
}
RC_GTEST_PROP(Silu, GradWithinItsRangeF64, ()) { silu_grad_within_range<F64>(); }
RC_GTEST_PROP(Silu, GradWithinItsRangeF32, ()) { silu_grad_within_range<F32>(); }
RC_GTEST_PROP(Silu, GradWithinItsRangeBf16, ()) { silu_grad_within_range<BF16>(); }

// silu_grad < 0 left of the root, > 0 right of it: the sign of a tiny result
// is what an absolute-error formula gets wrong next to the root.
template <class Tag>
void silu_grad_sign() {
  const auto x = mixed_or_near<Tag>(kSiluRoot);
  RC_PRE(!std::isnan(x.value()));
  const double fx = props::output_of(ref("silu_grad", Tag::format), x);
  if (std::signbit(fx) != (x.value() < kSiluRoot))
    RC_FAIL("silu_grad(" + hex_text(x.value()) + ") = " + hex_text(fx) + " has the wrong sign");
}
RC_GTEST_PROP(Silu, GradSignF64, ()) { silu_grad_sign<F64>(); }
RC_GTEST_PROP(Silu, GradSignF32, ()) { silu_grad_sign<F32>(); }

// Full relative accuracy next to the root: 1 ULP on the 2^20 neighbours of r
// either side (f64, f32); the 16-bit formats are swept exhaustively.
RC_GTEST_PROP(Silu, GradAccurateAtTheRootF64, ()) {
  within_bound_near<F64>("silu_grad", kSiluRoot, 20, 1.0);
}
RC_GTEST_PROP(Silu, GradAccurateAtTheRootF32, ()) {
  within_bound_near<F32>("silu_grad", kSiluRoot, 20, 1.0);
}

RC_GTEST_PROP(Silu, GradIsTheSlopeOfTheOracle, ()) {
  derivative_matches_difference("silu", {}, 700);
}
// silu'(x) + silu'(-x) = 1 for the oracle.
RC_GTEST_PROP(Silu, OracleGradComplementsToOne, ()) {
  props::complement_to_one(&oracles::silu_grad, 256);
}

// --- the oracles -----------------------------------------------------------------

RC_GTEST_PROP(SigmoidOracle, TwoPrecisionsAgree, ()) {
  const std::vector<const char*> ops = {"log_sigmoid",   "log_sigmoid_grad", "softplus",
                                        "softplus_grad", "silu",             "silu_grad"};
  const char* op = *rc::gen::elementOf(ops);
  oracle_precisions_agree(op, {}, -800, 800);
}
RC_GTEST_PROP(SigmoidOracle, TwoPrecisionsAgreeBeta, ()) {
  const char* op = *rc::gen::element("softplus", "softplus_grad");
  oracle_precisions_agree(op, {"beta=0.3"}, -800, 800);
}
// The silu_grad oracle keeps its relative accuracy at r's f64 neighbours.
RC_GTEST_PROP(SigmoidOracle, SiluGradTwoPrecisionsAgreeAtTheRoot, ()) {
  const auto c = props::make_input<F64>(kSiluRoot);
  const double x = stepped(c, some_steps(10)).value();
  oracle_precisions_agree("silu_grad", {}, x, x);
}

// The far points of the issue, in the oracles: softplus(+-1e30, +-1e308) and
// log_sigmoid there round to x, 0, -0 in f64 (no overflow, no NaN).
TEST(SigmoidOracle, FarPointsOfSoftplusAndLogSigmoid) {
  set_real_precision(256);
  for (double far : {1e30, 1e308}) {
    const struct {
      OracleFn f;
      double x, expected;
    } cases[] = {{&oracles::softplus, far, far},     {&oracles::softplus, -far, 0.0},
                 {&oracles::log_sigmoid, -far, -far}, {&oracles::log_sigmoid, far, -0.0}};
    for (const auto& c : cases) {
      Real y;
      c.f(y, Real(c.x), {1.0});
      const double got = round_to_format(Format::f64, y);
      EXPECT_EQ(double_to_bits(Format::f64, got), double_to_bits(Format::f64, c.expected))
          << hex_text(c.x) << " -> " << exact_hex_text(y);
    }
  }
}

}  // namespace
}  // namespace numstab
