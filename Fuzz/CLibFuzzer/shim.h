// libFuzzer's entry point for programs that have their own main (compiler-rt, FuzzerInterface.h):
// SwiftPM links an executable's `main` to its main.swift, so each target calls this from there.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test_one_input)(const uint8_t *data, size_t size));
