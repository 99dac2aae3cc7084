#pragma once
#include <cstddef>
#include <cstdint>

float naive_tanhf(float x);                                  // deliberately bad
void batch_tanhf(const float* x, float* y, std::size_t n);  // glibc's tanhf, in blocks
double prelu_quarter(double x);                              // prelu with a = 0.25 built in
float prelu(float x, float a);
std::uint16_t bf16_sigmoid(std::uint16_t x);                 // bf16 bit patterns
