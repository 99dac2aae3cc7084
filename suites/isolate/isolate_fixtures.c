#define _POSIX_C_SOURCE 200809L /* pause() */
/*
 * Kernels that take their process down on some inputs, for --isolate
 * (suites/isolate): f32 tanh in the scalar ABI (float f(float)), correct
 * everywhere else. Without --isolate, numstab dies with them.
 */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__GNUC__)
#define FIXTURE_API __attribute__((visibility("default")))
#else
#define FIXTURE_API
#endif

/* Segmentation fault for x in [2, 2.0001]: a write through a null pointer
 * (volatile, so the compiler keeps it), then raise() in case the page is mapped. */
FIXTURE_API float crash_tanhf(float x) {
  if (x >= 2.0f && x <= 2.0001f) {
    volatile int *volatile nowhere = 0;
    *nowhere = 1;
    raise(SIGSEGV);
  }
  return tanhf(x);
}

/* Never returns for x == 3. */
FIXTURE_API float hang_tanhf(float x) {
  if (x == 3.0f)
    for (;;) pause();
  return tanhf(x);
}

/* abort() (SIGABRT) for x < -5. */
FIXTURE_API float abort_tanhf(float x) {
  if (x < -5.0f) abort();
  return tanhf(x);
}

/* exit(3) for x == 1: a kernel that ends its process normally. */
FIXTURE_API float exit_tanhf(float x) {
  if (x == 1.0f) exit(3);
  return tanhf(x);
}
