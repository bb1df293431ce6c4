/* The little of libc the shared kernels need beyond wasi-libc's math, memcpy and strcmp: an environment
 * that is always empty (a browser has none, and Node's is read on the JS side). Defining getenv here keeps
 * wasi-libc's version, which imports WASI's environ_get, out of the link. */
#include <stddef.h>

char *getenv(const char *name) {
  (void)name;
  return NULL;
}

/* The WASI "reactor" entry point, which the JS side calls once per instance. Exporting it also tells the
 * linker that the module is a library, not a command: otherwise it wraps every export in a call to libc's
 * __wasm_call_dtors (atexit handlers) after each kernel. */
extern void __wasm_call_ctors(void);
__attribute__((export_name("_initialize"))) void _initialize(void) { __wasm_call_ctors(); }
