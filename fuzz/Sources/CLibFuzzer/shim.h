#pragma once
#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver, in the runtime that `-sanitize=fuzzer` links (compiler-rt's FuzzerInterface.h).
// Calling it from our own entry point, instead of defining LLVMFuzzerTestOneInput for libFuzzer's main,
// is what works with SwiftPM: it renames an executable's entry point on Linux, so libFuzzer's main is
// never the one that runs.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
