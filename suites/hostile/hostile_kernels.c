#define _GNU_SOURCE /* fork, _exit, pause */
/*
 * Kernels that misbehave in ways other than returning a wrong number, for
 * suites/hostile: each must end in a named FAIL (exit 1) or one clear error
 * (exit 2), never in exit 0. f32 tanh, scalar (float f(float)) or batch
 * (void f(const float* x, float* y, size_t n)) ABI.
 */
#include <fenv.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#if defined(__GNUC__)
#define HOSTILE_API __attribute__((visibility("default")))
#else
#define HOSTILE_API
#endif

/* Ends the process "successfully" in the middle of the sweep. */
HOSTILE_API float exit0_tanhf(float x) {
  if (x == 1.0f) exit(0);
  return tanhf(x);
}

/* The same without atexit handlers or stdio flushing. */
HOSTILE_API float underscore_exit0_tanhf(float x) {
  if (x == 1.0f) _exit(0);
  return tanhf(x);
}

/* Correct outputs, then one value past the end of the output buffer (and a
 * few more: a sloppy tail loop). */
HOSTILE_API void overrun_tanhf(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = tanhf(x[i]);
  for (size_t i = n; i < n + 4; ++i) y[i] = 0.0f;
}

/* One value before the start of the output buffer. */
HOSTILE_API void underrun_tanhf(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = tanhf(x[i]);
  y[-1] = 0.0f;
}

/* Writes nothing: whatever the output buffer held is taken as its result. */
HOSTILE_API void lazy_tanhf(const float* x, float* y, size_t n) {
  (void)x;
  (void)y;
  (void)n;
}

/* Right outputs on odd-numbered calls, nothing on even ones: the even
 * calls' outputs must read as the poison (NaN), not as the values an
 * earlier call left in the buffer. */
HOSTILE_API void lazy_every_other_tanhf(const float* x, float* y, size_t n) {
  static unsigned long calls;
  if (calls++ % 2 == 1) return;
  for (size_t i = 0; i < n; ++i) y[i] = tanhf(x[i]);
}

/* Overwrites its (const) inputs with 0 and answers tanh(0) = 0: a judge that
 * reads the inputs back after the call sees a perfect kernel. */
HOSTILE_API void tamper_tanhf(const float* x, float* y, size_t n) {
  float* writable = (float*)(size_t)x;
  for (size_t i = 0; i < n; ++i) {
    writable[i] = 0.0f;
    y[i] = 0.0f;
  }
}

/* Leaves a process behind that outlives the kernel call (a sleeper), its pid
 * written to the file $HOSTILE_SLEEPER_PID names. */
static void fork_a_sleeper(void) {
  static int forked = 0;
  if (forked) return;
  forked = 1;
  const pid_t pid = fork();
  if (pid == 0)
    for (;;) pause();
  const char* path = getenv("HOSTILE_SLEEPER_PID");
  if (pid > 0 && path) {
    FILE* f = fopen(path, "w");
    if (f) {
      fprintf(f, "%d\n", (int)pid);
      fclose(f);
    }
  }
}

HOSTILE_API float forking_tanhf(float x) {
  fork_a_sleeper();
  return tanhf(x);
}

/* Forks a sleeper, then never returns at x == 1: the run is killed from outside. */
HOSTILE_API float forking_hang_tanhf(float x) {
  fork_a_sleeper();
  if (x == 1.0f)
    for (;;) pause();
  return tanhf(x);
}

/* Not a function: a table the loader finds like any symbol. */
HOSTILE_API const float data_tanhf[4] = {0.0f, 0.5f, 0.75f, 1.0f};

/* A plain correct kernel (for the checkpoint and library-identity cases). */
HOSTILE_API float plain_tanhf(float x) { return tanhf(x); }

/* Crashes numstab's process at x == 1 (SIGSEGV through a null pointer). */
HOSTILE_API float segv_tanhf(float x) {
  if (x == 1.0f) {
    volatile int* volatile nowhere = 0;
    *nowhere = 1;
    raise(SIGSEGV);
  }
  return tanhf(x);
}

/* Raises SIGFPE at x == 1 (as an integer division by zero would). */
HOSTILE_API float fpe_tanhf(float x) {
  if (x == 1.0f) raise(SIGFPE);
  return tanhf(x);
}

/* Right outputs (tanhf in the default environment), but the thread's
 * floating-point environment is left changed after every call: rounding toward
 * +inf and, on x86, flush-to-zero and denormals-are-zero. A judge computing in
 * that environment after the call would report other errors. */
HOSTILE_API float fpenv_tanhf(float x) {
  fesetround(FE_TONEAREST);
#if defined(__SSE__)
  _mm_setcsr(_mm_getcsr() & ~0x8040u);
#endif
  const float y = tanhf(x);
  fesetround(FE_UPWARD);
#if defined(__SSE__)
  _mm_setcsr(_mm_getcsr() | 0x8040u);
#endif
  return y;
}
