#ifndef NAKER_PREFETCH_SHIM_H
#define NAKER_PREFETCH_SHIM_H

// Asks the CPU to start loading a cache line that a row will write soon, so that the
// duplicate-id table's and the day counts' cache misses overlap with parsing the rest of
// the row instead of stalling one after the other. Only a hint: no effect on results.
static inline void naker_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
