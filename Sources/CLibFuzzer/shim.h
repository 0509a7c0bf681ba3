#ifndef RESTOCK_CLIBFUZZER_SHIM_H
#define RESTOCK_CLIBFUZZER_SHIM_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver, for a program that keeps its own main (LLVM's "Using libFuzzer as a
 * library"). Declared here rather than linked by -sanitize=fuzzer, whose runtime brings a main
 * of its own that collides with the one SwiftPM gives every executable. Only referenced when
 * restock-fuzz is built with -DFUZZING, which links libclang_rt.fuzzer_no_main. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
#endif
