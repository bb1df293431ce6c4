/* The heap of the WebAssembly build: malloc/free for the C kernels and the backing store of every tensor
 * the wasm backend allocates (JS frees a block when its Float32Array is garbage-collected).
 *
 * Design: segregated fits with boundary tags. Each block has a 16-byte header (its size with an in-use
 * bit, and the size of the block before it), so a freed block merges with free neighbours on both sides
 * at once; free blocks sit in one of 4 bins per power of two and allocation takes the first block that
 * fits from the smallest bin that can hold the request. Coalescing is what keeps the arena bounded when
 * tensors of many sizes come and go; the bins keep malloc and free O(number of bins). Training allocates
 * the same few shapes every step, so the first fit in a bin is nearly always an exact size.
 *
 * The heap grows with memory.grow only when the JS side allows it (a shared memory, whose views survive
 * growth); otherwise malloc returns NULL when full and JS falls back to ordinary arrays. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aekit.h"


typedef struct block {
  uint32_t size;      /* whole block, header included, multiple of 16; bit 0: in use */
  uint32_t prev_size; /* size of the block just below, 0 for the first */
  struct block *next, *prev; /* free-list links; they overlay the payload of a used block */
} block;

#define HDR 16u
#define MIN_BLOCK 32u
#define USED 1u
#define BINS (32 * 4)
#define PAGE 65536u
#define GROW_MIN (16u << 20) /* grow by at least 16 MiB: memory.grow is slow and growth is rare */

extern unsigned char __heap_base;

static struct {
  block *bins[BINS];
  block *end;       /* a zero-size in-use sentinel at the top of the heap */
  int may_grow;
  volatile int lock;
  size_t in_use;    /* bytes in used blocks, headers included */
} heap;

static inline uint32_t bsize(const block *b) { return b->size & ~USED; }
static inline block *next_block(block *b) { return (block *)((char *)b + bsize(b)); }
static inline block *prev_block(block *b) { return (block *)((char *)b - b->prev_size); }

static int bin_of(uint32_t size) {
  int fl = 31 - __builtin_clz(size);
  int sl = fl >= 2 ? (int)((size >> (fl - 2)) & 3u) : 0;
  return fl * 4 + sl;
}

static void bin_insert(block *b) {
  int i = bin_of(bsize(b));
  b->prev = NULL;
  b->next = heap.bins[i];
  if (b->next) b->next->prev = b;
  heap.bins[i] = b;
}

static void bin_remove(block *b) {
  if (b->prev) b->prev->next = b->next;
  else heap.bins[bin_of(bsize(b))] = b->next;
  if (b->next) b->next->prev = b->prev;
}

static void lock(void) {
  while (__atomic_exchange_n(&heap.lock, 1, __ATOMIC_ACQUIRE)) {}
}
static void unlock(void) { __atomic_store_n(&heap.lock, 0, __ATOMIC_RELEASE); }

/* Adds [start, start+bytes) to the heap as a free block (merged with a free block below it). */
static void add_region(char *start, size_t bytes) {
  block *b = (block *)start;
  b->size = (uint32_t)bytes;
  b->prev_size = 0;
  if (heap.end) {
    b->prev_size = heap.end->prev_size;
    block *below = b->prev_size ? prev_block(b) : NULL;
    if (below && !(below->size & USED)) {
      bin_remove(below);
      below->size += (uint32_t)bytes;
      b = below;
    }
  }
  heap.end = next_block(b);
  heap.end->size = USED;
  heap.end->prev_size = bsize(b);
  bin_insert(b);
}

static void heap_init(void) {
  uintptr_t lo = ((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15;
  uintptr_t hi = (uintptr_t)__builtin_wasm_memory_size(0) * PAGE;
  add_region((char *)lo, (hi - HDR - lo) & ~(size_t)15);
}

/* Grows the memory so that a free block of at least `need` bytes sits at the top. */
static int grow(size_t need) {
  if (!heap.may_grow) return 0;
  size_t bytes = need + HDR > GROW_MIN ? need + HDR : GROW_MIN;
  size_t pages = (bytes + PAGE - 1) / PAGE;
  size_t old = __builtin_wasm_memory_grow(0, pages);
  if (old == (size_t)-1) {
    pages = (need + HDR + PAGE - 1) / PAGE;
    old = __builtin_wasm_memory_grow(0, pages);
    if (old == (size_t)-1) return 0;
  }
  /* The old sentinel is the first byte of new space; the region ends 16 bytes short for the new one. */
  char *start = (char *)heap.end;
  size_t bytes_new = (size_t)old * PAGE + pages * PAGE - (size_t)start - HDR;
  add_region(start, bytes_new & ~(size_t)15);
  return 1;
}

static block *find_fit(uint32_t size) {
  for (int i = bin_of(size); i < BINS; i++)
    for (block *b = heap.bins[i]; b; b = b->next)
      if (bsize(b) >= size) return b;
  return NULL;
}

/* Marks b used, splitting off the tail beyond `size` as a free block when it is big enough. */
static void take(block *b, uint32_t size) {
  bin_remove(b);
  uint32_t have = bsize(b);
  if (have - size >= MIN_BLOCK) {
    b->size = size;
    block *rest = next_block(b);
    rest->size = have - size;
    rest->prev_size = size;
    next_block(rest)->prev_size = rest->size;
    bin_insert(rest);
  }
  b->size |= USED;
  heap.in_use += bsize(b);
}

static block *alloc_block(size_t bytes) {
  if (bytes > 0xF0000000u) return NULL;
  uint32_t size = (uint32_t)((bytes + HDR + 15) & ~(size_t)15);
  if (size < MIN_BLOCK) size = MIN_BLOCK;
  if (!heap.end) heap_init();
  block *b = find_fit(size);
  if (!b && grow(size)) b = find_fit(size);
  if (b) take(b, size);
  return b;
}

void *malloc(size_t bytes) {
  lock();
  block *b = alloc_block(bytes);
  unlock();
  return b ? (char *)b + HDR : NULL;
}

void free(void *p) {
  if (!p) return;
  lock();
  block *b = (block *)((char *)p - HDR);
  b->size &= ~USED;
  heap.in_use -= b->size;
  block *up = next_block(b);
  if (!(up->size & USED)) {
    bin_remove(up);
    b->size += up->size;
  }
  if (b->prev_size) {
    block *below = prev_block(b);
    if (!(below->size & USED)) {
      bin_remove(below);
      below->size += b->size;
      b = below;
    }
  }
  next_block(b)->prev_size = b->size;
  bin_insert(b);
  unlock();
}

void *calloc(size_t n, size_t size) {
  if (size && n > (size_t)-1 / size) return NULL;
  void *p = malloc(n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

void *realloc(void *p, size_t bytes) {
  if (!p) return malloc(bytes);
  size_t have = bsize((block *)((char *)p - HDR)) - HDR;
  if (bytes <= have) return p;
  void *q = malloc(bytes);
  if (q) { memcpy(q, p, have); free(p); }
  return q;
}

/* Over-allocates, then gives the unaligned front back as a free block of its own. */
void *aligned_alloc(size_t align, size_t bytes) {
  if (align <= 16) return malloc(bytes);
  lock();
  block *b = alloc_block(bytes + align + MIN_BLOCK);
  if (!b) { unlock(); return NULL; }
  uintptr_t payload = (uintptr_t)b + HDR;
  uintptr_t aligned = (payload + MIN_BLOCK + align - 1) & ~(uintptr_t)(align - 1);
  block *a = (block *)(aligned - HDR);
  uint32_t front = (uint32_t)((char *)a - (char *)b);
  a->size = (bsize(b) - front) | USED;
  a->prev_size = front;
  next_block(a)->prev_size = bsize(a);
  b->size = front | USED;
  unlock();
  free((char *)b + HDR);
  return (void *)aligned;
}

int posix_memalign(void **out, size_t align, size_t bytes) {
  void *p = aligned_alloc(align, bytes);
  if (!p) return 12; /* ENOMEM */
  *out = p;
  return 0;
}

/* ---- what the JS side calls ---- */

/* A zero-filled block of `bytes`, 16-byte aligned; 0 when the memory is full. */
AEKIT_EXPORT(aekit_alloc) void *aekit_alloc(size_t bytes) {
  void *p = malloc(bytes);
  if (p) memset(p, 0, bytes);
  return p;
}

AEKIT_EXPORT(aekit_free) void aekit_free(void *p) { free(p); }

AEKIT_EXPORT(aekit_heap_configure) void aekit_heap_configure(int may_grow) { heap.may_grow = may_grow; }

/* Bytes in used blocks, and the heap's extent (its top), for tests and diagnostics. */
AEKIT_EXPORT(aekit_heap_in_use) size_t aekit_heap_in_use(void) { return heap.in_use; }
AEKIT_EXPORT(aekit_heap_top) size_t aekit_heap_top(void) { return (size_t)heap.end; }
