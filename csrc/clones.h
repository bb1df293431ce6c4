/* Plain C loops compiled twice on x86-64 Linux with GCC: for AVX2 and for the SSE2 baseline, chosen when the
 * library loads by the CPU it runs on (target_clones, an ifunc). Both give the same bits: the builds contract
 * nothing into multiply-adds (-ffp-contract=off) and GCC reorders no floating-point reduction. Elsewhere (clang,
 * macOS, musl, WebAssembly) the loops are compiled once. */
#ifndef AEKIT_CLONES_H
#define AEKIT_CLONES_H

#if defined(__linux__)
#include <features.h>
#endif

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__GLIBC__)
#define AEKIT_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define AEKIT_CLONES
#endif

#endif
