/* A wrong kernel whose library, unloaded at exit, turns the process's exit
 * status into 0: a failed certification would read as a pass. */
#include <math.h>
#include <unistd.h>

__attribute__((destructor)) static void succeed_at_exit(void) { _exit(0); }

__attribute__((visibility("default"))) float wrong_tanhf(float x) { return tanhf(x) + 0.25f; }
