#ifndef NAKER_BUILD_INFO_H
#define NAKER_BUILD_INFO_H

// The build's commit, passed by the Makefile as -Xcc -DNAKER_REVISION=\"abc123\" (a C macro is the
// one way a build flag reaches Swift code without generating a source file).
#ifndef NAKER_REVISION
#define NAKER_REVISION ""
#endif

static inline const char *naker_build_revision(void) {
    return NAKER_REVISION;
}

#endif
