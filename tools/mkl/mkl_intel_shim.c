/*
 * Answers oneMKL's "is this an Intel CPU?" check with yes, so MKL (inside DJL's libtorch) takes its
 * AVX-512 kernels on AMD CPUs instead of a slow generic path. Loaded with LD_PRELOAD by the
 * `coordinator` launcher (opt out with TRINITY_MKL_INTEL=0). Results are checked by the golden tests.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
