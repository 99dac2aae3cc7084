/* A kernel wrong on 64 consecutive f32 inputs out of 2^32: glibc's tanhf,
 * except that for the 64 bit patterns from 0x3f1a2b00 (0.6022...) on it
 * returns a result 16 ULP too large. A sampled certify does not meet them;
 * an exhaustive one must, and must name 0x3f1a2b00 first. */
#include <math.h>
#include <stdint.h>
#include <string.h>

float wrong_block_tanhf(float x) {
  uint32_t bits;
  memcpy(&bits, &x, sizeof bits);
  float y = tanhf(x);
  if (bits >= 0x3f1a2b00u && bits < 0x3f1a2b00u + 64u) {
    uint32_t ybits;
    memcpy(&ybits, &y, sizeof ybits);
    ybits += 16u;
    memcpy(&y, &ybits, sizeof y);
  }
  return y;
}
