#ifndef NAKER_BUILD_INFO_H
#define NAKER_BUILD_INFO_H

// The build's commit, branch and date, passed by `make install` as -Xcc -DNAKER_REVISION=\"abc123\"
// and the like (a C macro is the one way a build flag reaches Swift code without generating a
// source file). Empty when not passed, as Prometheus' own builds from source report them.
#ifndef NAKER_REVISION
#define NAKER_REVISION ""
#endif
#ifndef NAKER_BRANCH
#define NAKER_BRANCH ""
#endif
#ifndef NAKER_BUILD_DATE
#define NAKER_BUILD_DATE ""
#endif

static inline const char *naker_build_revision(void) {
    return NAKER_REVISION;
}

static inline const char *naker_build_branch(void) {
    return NAKER_BRANCH;
}

static inline const char *naker_build_date(void) {
    return NAKER_BUILD_DATE;
}

#endif
