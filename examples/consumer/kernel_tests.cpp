// The project's kernel tests: numstab's matcher certifies each kernel as
// `numstab certify` would. NaiveTanh fails on purpose: the textbook formula
// 1 - 2/(e^2x + 1) cancels catastrophically near 0 (and the test shows how
// numstab reports it).
#include <cmath>

#include <numstab/testing.hpp>

#include "kernels.hpp"

using numstab::testing::Certifies;

TEST(GlibcTanhf, WithinTwoAndAHalfUlp) { EXPECT_THAT(tanhf, Certifies("tanh", 2.5)); }

TEST(GlibcTanhf, ExhaustiveOverABinade) {
  EXPECT_THAT(tanhf, Certifies("tanh", 2.5).exhaustive().range(0.5, 0.5078125));
}

TEST(GlibcTanhf, SampledInARangeWithASeed) {
  EXPECT_THAT(tanhf, Certifies("tanh", 2.5).range(0.5, 1.0).samples(10000).seed(7));
}

TEST(BatchTanhf, WithinTwoAndAHalfUlp) { EXPECT_THAT(batch_tanhf, Certifies("tanh", 2.5)); }

TEST(Prelu, OneOperandWithItsSlopeFixed) {
  EXPECT_THAT(prelu_quarter, Certifies("prelu", 0.5).param("a", 0.25));
}

TEST(Prelu, TwoOperands) { EXPECT_THAT(prelu, Certifies("prelu", 0.5)); }

TEST(Bf16Sigmoid, WithinOneUlp) { EXPECT_THAT(bf16_sigmoid, Certifies<numstab::bf16>("sigmoid", 1.0)); }

TEST(NaiveTanh, FailsAtFourUlp) { EXPECT_THAT(naive_tanhf, Certifies("tanh", 4.0)); }
