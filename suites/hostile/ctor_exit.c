/* A library whose constructor ends the process that loads it ("success"). */
#include <math.h>
#include <stdlib.h>

__attribute__((constructor)) static void end_the_loader(void) { exit(0); }

__attribute__((visibility("default"))) float plain_tanhf(float x) { return tanhf(x); }
