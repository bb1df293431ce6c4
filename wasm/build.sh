#!/bin/sh
# Builds the WebAssembly kernels from csrc/: the same portable sources as the native addon plus the
# wasm-only files (*wasm*.c). Two variants of one source:
#   wasm/aekit.wasm          threads: shared memory (atomics), growable; what Node and isolated pages use
#   wasm/aekit-relaxed.wasm  the same with relaxed-SIMD multiply-add in the GEMM kernel (Node >= 22, Chrome
#                            >= 114; Node 20 needs --experimental-wasm-relaxed-simd); chosen at run time
#   wasm/aekit-single.wasm   one thread, ordinary memory; for pages without SharedArrayBuffer
# Needs Debian bookworm's clang-16, lld-16 (relaxed SIMD needs LLVM 16) and wasi-libc (musl's libm, memcpy,
# strcmp):  apt-get install -y clang-16 lld-16 wasi-libc
# The output is deterministic: CI rebuilds both and compares them with the committed files.
set -eu
cd "$(dirname "$0")/.."
CC=${CC:-clang-16}
SYSROOT=${WASI_SYSROOT:-/usr}
LIBC=${WASI_LIBC:-$SYSROOT/lib/wasm32-wasi/libc.a}
OBJ=$(mktemp -d)
trap 'rm -rf "$OBJ"' EXIT

# Shared with the native build (native/binding.gyp). pool.c (pthreads) and gemm_scalar.c are replaced by
# pool_wasm.c and gemm_wasm.c, whose SIMD128 micro-kernel takes the driver's portable ISA slot: gemm.c is
# compiled with -Dgemm_isa_scalar=gemm_isa_wasm128.
# The kernels a module exports are the functions csrc/aekit.h marks AEKIT_EXPORT (export_name attributes), so
# no list of them lives here; the loader checks the module's op table (aekit_op_table) before using it.
SHARED="gemm.c strided.c elementwise.c reduce.c conv.c adam.c fused.c op_table.c"
WASM_ONLY="gemm_wasm.c pool_wasm.c wasm_alloc.c wasm_libc.c"

# -include csrc/wasm_math.h: inline, vectorisable expf/logf/log1pf/expm1f/tanhf in place of musl's;
# -inline-threshold=1000: inlines elementwise.c's softplusf into its loops, which then vectorise too;
# -ftls-model=local-exec: gemm.c's per-thread packing buffer (each instance sets up its own TLS block);
# -ffile-prefix-map and -fno-ident keep build paths and compiler banners out of the output.
CFLAGS="--target=wasm32 -O3 -msimd128 -mbulk-memory -mmutable-globals -ftls-model=local-exec
  -ffp-contract=off -fno-math-errno -std=gnu11 -Wall -Wextra -Wno-unused-parameter
  -isystem $SYSROOT/include/wasm32-wasi -D__wasi__ -Dgemm_isa_scalar=gemm_isa_wasm128 -Icsrc
  -include csrc/wasm_math.h -mllvm -inline-threshold=1000
  -ffile-prefix-map=$PWD/= -fno-ident"

# build OUT EXTRA_CFLAGS EXTRA_LDFLAGS EXTRA_EXPORTS (the thread set-up globals of the threaded builds)
build() {
  rm -f "$OBJ"/*.o
  for f in $SHARED $WASM_ONLY; do
    $CC $CFLAGS $2 -c "csrc/$f" -o "$OBJ/${f%.c}.o"
  done
  flags=""
  for e in $4; do flags="$flags -Wl,--export=$e"; done
  # The memory is imported: the JS side creates it (shared, so worker instances can use it too). The main
  # instance gets a 1 MiB stack; workers get theirs from the heap.
  $CC --target=wasm32 -nostdlib -Wl,--no-entry -Wl,--import-memory -Wl,--max-memory=2147483648 \
    -Wl,-z,stack-size=1048576 -Wl,--gc-sections -Wl,--strip-debug $3 $flags -o "$1.tmp" "$OBJ"/*.o "$LIBC"
  mv "$1.tmp" "$1"
  echo "built $1 ($(wc -c < "$1") bytes, sha256 $(sha256sum "$1" | cut -d' ' -f1))"
}

THREADS="__stack_pointer __wasm_init_tls __tls_size __tls_align"
build wasm/aekit.wasm "-matomics" "-Wl,--shared-memory" "$THREADS"
build wasm/aekit-relaxed.wasm "-matomics -mrelaxed-simd" "-Wl,--shared-memory" "$THREADS"
# One thread: thread-local storage (which wasm-ld only supports with atomics) becomes plain static storage.
build wasm/aekit-single.wasm "-D_Thread_local=" "" ""
