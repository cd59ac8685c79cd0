// Test plugin for Capsule's Extism host, built with Extism's C PDK.
// Each export follows an example of the PDK's README or Extism's docs, so a
// test can compare with the result Extism documents.
#define EXTISM_ENABLE_LOW_LEVEL_API
#define EXTISM_IMPLEMENTATION
#include "extism-pdk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void output_sz(const char *s) { extism_output_buf_from_sz(s); }

static int32_t fail_with(const char *message, int32_t rc) {
  extism_error_set(extism_alloc_buf_from_sz(message));
  return rc;
}

// The input copied into plugin memory (zero-terminated); the caller frees it.
static char *input_sz(uint64_t *length) {
  *length = extism_input_length();
  char *buf = malloc(*length + 1);
  if (buf == NULL) {
    return NULL;
  }
  extism_load_input(0, buf, *length);
  buf[*length] = '\0';
  return buf;
}

// Extism's count-vowels: {"count": N} over the input's bytes.
int32_t EXTISM_EXPORTED_FUNCTION(count_vowels) {
  uint64_t count = 0;
  uint64_t length = extism_input_length();
  for (uint64_t i = 0; i < length; i++) {
    uint8_t ch = extism_input_load_u8(i);
    count += ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u' ||
             ch == 'A' || ch == 'E' || ch == 'I' || ch == 'O' || ch == 'U';
  }
  char out[64];
  int n = snprintf(out, sizeof out, "{\"count\": %llu}", (unsigned long long)count);
  extism_output_buf(out, n);
  return 0;
}

// The number of bytes of input, read in u64 chunks through extism_load_input.
int32_t EXTISM_EXPORTED_FUNCTION(count_chars) {
  uint64_t length = 0;
  char *in = input_sz(&length);
  if (in == NULL) {
    return fail_with("out of memory", 1);
  }
  char out[32];
  int n = snprintf(out, sizeof out, "%llu", (unsigned long long)strlen(in));
  free(in);
  extism_output_buf(out, n);
  return 0;
}

// The input's bytes in reverse order.
int32_t EXTISM_EXPORTED_FUNCTION(reverse) {
  uint64_t length = 0;
  char *in = input_sz(&length);
  if (in == NULL) {
    return fail_with("out of memory", 1);
  }
  for (uint64_t i = 0; i < length / 2; i++) {
    char c = in[i];
    in[i] = in[length - 1 - i];
    in[length - 1 - i] = c;
  }
  extism_output_buf(in, length);
  free(in);
  return 0;
}

// The input, unchanged (a handle output directly).
int32_t EXTISM_EXPORTED_FUNCTION(echo) {
  extism_output_handle(extism_input_offset());
  return 0;
}

// The PDK README's greet: "Hello, <input>", and an error "ERROR" for Benjamin.
int32_t EXTISM_EXPORTED_FUNCTION(greet) {
  uint64_t length = 0;
  char *in = input_sz(&length);
  if (in == NULL) {
    return fail_with("out of memory", 1);
  }
  if (strcasecmp(in, "benjamin") == 0) {
    free(in);
    return fail_with("ERROR", -1);
  }
  static const char greeting[] = "Hello, ";
  ExtismHandle out = extism_alloc(sizeof greeting - 1 + length);
  extism_store_to_handle(out, 0, greeting, sizeof greeting - 1);
  extism_store_to_handle(out, sizeof greeting - 1, in, length);
  extism_output_set_from_handle(out, 0, sizeof greeting - 1 + length);
  free(in);
  return 0;
}

// The PDK README's config example: "Hello, <config user>", or the error "Invalid key".
int32_t EXTISM_EXPORTED_FUNCTION(greet_config) {
  ExtismHandle value = extism_config_get(extism_alloc_buf_from_sz("user"));
  if (value == 0) {
    return fail_with("Invalid key", -1);
  }
  static const char greeting[] = "Hello, ";
  uint64_t length = extism_length(value);
  char *data = malloc(length);
  extism_load_from_handle(value, 0, data, length);
  ExtismHandle out = extism_alloc(sizeof greeting - 1 + length);
  extism_store_to_handle(out, 0, greeting, sizeof greeting - 1);
  extism_store_to_handle(out, sizeof greeting - 1, data, length);
  free(data);
  extism_output_handle(out);
  return 0;
}

// The config value named by the input, or the error "no config <key>".
int32_t EXTISM_EXPORTED_FUNCTION(config) {
  ExtismHandle value = extism_config_get(extism_input_offset());
  if (value == 0) {
    return fail_with("no such config key", 1);
  }
  extism_output_handle(value);
  return 0;
}

// The PDK README's var counter: the var "count" (a u64) goes up by one per call; outputs it.
int32_t EXTISM_EXPORTED_FUNCTION(count) {
  ExtismHandle key = extism_alloc_buf_from_sz("count");
  ExtismHandle value = extism_var_get(key);
  uint64_t count = 0;
  if (value != 0) {
    extism_load_from_handle(value, 0, &count, sizeof count);
  } else {
    value = extism_alloc(sizeof count);
  }
  count += 1;
  extism_store_to_handle(value, 0, &count, sizeof count);
  extism_var_set(key, value);
  char out[32];
  int n = snprintf(out, sizeof out, "%llu", (unsigned long long)count);
  extism_output_buf(out, n);
  return 0;
}

// Sets the var "blob" to the input (so a test can fill the var store), outputs nothing.
int32_t EXTISM_EXPORTED_FUNCTION(set_blob) {
  extism_var_set(extism_alloc_buf_from_sz("blob"), extism_input_offset());
  return 0;
}

// A global in plugin memory: counts calls to one instance (Extism's globals example).
static uint64_t calls = 0;
int32_t EXTISM_EXPORTED_FUNCTION(globals) {
  char out[64];
  int n = snprintf(out, sizeof out, "{\"count\": %llu}", (unsigned long long)calls);
  calls += 1;
  extism_output_buf(out, n);
  return 0;
}

// Fails with extism_error_set, like the PDK's tests/fail.c.
int32_t EXTISM_EXPORTED_FUNCTION(fail) { return fail_with("Some error message", 1); }

// Returns a non-zero code without setting an error.
int32_t EXTISM_EXPORTED_FUNCTION(exit_code) { return 7; }

// Traps (wasm unreachable).
int32_t EXTISM_EXPORTED_FUNCTION(trap) {
  __builtin_trap();
  return 0;
}

// A GET of the URL in the input; outputs "<status> <body>".
int32_t EXTISM_EXPORTED_FUNCTION(http_get) {
  uint64_t length = 0;
  char *url = input_sz(&length);
  const char *prefix = "{\"method\": \"GET\", \"url\": \"";
  const char *suffix = "\", \"headers\": {\"x-plugin\": \"kitchen\"}}";
  size_t request_length = strlen(prefix) + length + strlen(suffix);
  char *request = malloc(request_length + 1);
  snprintf(request, request_length + 1, "%s%s%s", prefix, url, suffix);
  ExtismHandle response = extism_http_request(extism_alloc_buf(request, request_length), 0);
  free(request);
  free(url);
  int32_t status = extism_http_status_code();
  uint64_t body_length = response == 0 ? 0 : extism_length(response);
  char head[16];
  int n = snprintf(head, sizeof head, "%d ", (int)status);
  ExtismHandle out = extism_alloc(n + body_length);
  extism_store_to_handle(out, 0, head, n);
  if (body_length > 0) {
    char *body = malloc(body_length);
    extism_load_from_handle(response, 0, body, body_length);
    extism_store_to_handle(out, n, body, body_length);
    free(body);
  }
  extism_output_handle(out);
  return 0;
}

// Logs the input at each level.
int32_t EXTISM_EXPORTED_FUNCTION(log_input) {
  ExtismHandle message = extism_input_offset();
  extism_log_trace(message);
  extism_log_debug(message);
  extism_log_info(message);
  extism_log_warn(message);
  extism_log_error(message);
  return 0;
}
