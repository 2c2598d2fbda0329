/* A wall clock that jumps, for verify-host's clock-jump test (LD_PRELOAD). Every
 * CLOCK_JUMP_PERIOD_MS of monotonic time, CLOCK_REALTIME (and time(), gettimeofday()) jumps:
 * by +CLOCK_JUMP_SECONDS, then to -CLOCK_JUMP_SECONDS, then forward again, and so on: what an
 * NTP step or a user setting the date does to a long run. CLOCK_MONOTONIC (steady_clock) is
 * left alone, as on a real machine. A deadline computed from the wall clock then expires at
 * once (forward) or never (backward); one computed from the monotonic clock is unaffected.
 * CLOCK_JUMP_PERIOD_MS=0: the clock is +CLOCK_JUMP_SECONDS off from the start (for checking
 * that the preload works at all). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

typedef int (*clock_gettime_fn)(clockid_t, struct timespec*);

static clock_gettime_fn real_clock_gettime(void) {
  static clock_gettime_fn fn;
  if (!fn) fn = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
  return fn;
}

static long long monotonic_ms(void) {
  struct timespec ts;
  real_clock_gettime()(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long start_ms;
static long long period_ms = 300;
static long long jump_seconds = 86400;

__attribute__((constructor)) static void clock_jump_init(void) {
  const char* p = getenv("CLOCK_JUMP_PERIOD_MS");
  const char* j = getenv("CLOCK_JUMP_SECONDS");
  if (p && atoll(p) >= 0) period_ms = atoll(p);
  if (j) jump_seconds = atoll(j);
  start_ms = monotonic_ms();
}

/* 0 in the first period, then +J, -J, +J, ...; always +J with period 0. */
static long long offset_seconds(void) {
  if (period_ms == 0) return jump_seconds;
  long long k = (monotonic_ms() - start_ms) / period_ms;
  if (k == 0) return 0;
  return (k % 2) ? jump_seconds : -jump_seconds;
}

int clock_gettime(clockid_t id, struct timespec* ts) {
  int r = real_clock_gettime()(id, ts);
  if (r == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) ts->tv_sec += offset_seconds();
  return r;
}

int gettimeofday(struct timeval* tv, void* tz) {
  struct timespec ts;
  (void)tz;
  int r = clock_gettime(CLOCK_REALTIME, &ts);
  if (r == 0) {
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
  }
  return r;
}

time_t time(time_t* out) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (out) *out = ts.tv_sec;
  return ts.tv_sec;
}
