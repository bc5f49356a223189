#ifndef NAKER_MALLOC_SHIM_H
#define NAKER_MALLOC_SHIM_H

// glibc's malloc_trim, which Swift's Glibc module does not export: after a crowd of clients has
// gone, the daemon hands the freed heap back to the system.
#include <malloc.h>

#endif
