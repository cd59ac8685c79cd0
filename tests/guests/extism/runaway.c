// Test plugins that misbehave, built with Extism's C PDK: each must fail only
// its own call, and the plugin must answer the next call.
#define EXTISM_IMPLEMENTATION
#include "extism-pdk.h"

#include <stdlib.h>

// Extism's infinite-loop example: never returns; the manifest's timeout stops it.
int32_t EXTISM_EXPORTED_FUNCTION(infinite_loop) {
  volatile unsigned int i = 0;
  while (1) {
    i += 1;
  }
  return 0;
}

// Allocates plugin memory (malloc, 1 MiB at a time) without end; aborts (a trap)
// when malloc fails, as a C program out of memory does.
int32_t EXTISM_EXPORTED_FUNCTION(alloc_forever) {
  for (;;) {
    volatile char *p = malloc(1 << 20);
    if (p == NULL) {
      abort();
    }
    p[0] = 1;
  }
  return 0;
}

// Allocates Extism memory without end (never freed); fails with an error when
// extism_alloc returns 0, as the kernel does when its memory cannot grow.
int32_t EXTISM_EXPORTED_FUNCTION(kernel_alloc_forever) {
  for (;;) {
    if (extism_alloc(1 << 20) == 0) {
      extism_error_set(extism_alloc_buf_from_sz("extism_alloc failed"));
      return 1;
    }
  }
  return 0;
}

// Answers "ok": the call after a failed one.
int32_t EXTISM_EXPORTED_FUNCTION(ok) {
  extism_output_buf_from_sz("ok");
  return 0;
}
