/*
 * In-process control of oneMKL's CPU dispatch (MKL is linked into DJL's libtorch), so that every JVM embedding the
 * library gets MKL's fast kernels on AMD CPUs, not only the `coordinator` launcher. Loaded by
 * dev.trinity.coordinator.djl.MklDispatch before libtorch; built by the coordinator-cuda Maven build when a C
 * compiler is present.
 *
 *  - AVX-512: MKL asks mkl_serv_intel_cpu_true() whether the CPU is Intel before taking its AVX-512 kernels. This
 *    library defines it to answer yes and, promoted to the process's global symbol scope before libtorch loads,
 *    interposes libtorch's own definition (the LD_PRELOAD trick, without LD_PRELOAD).
 *  - AVX2 only: MKL reads MKL_CBWR when it initialises; setting it in the process environment before the first
 *    GEMM has the effect of starting the JVM with it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <stdlib.h>

static volatile long intel_checks = 0;

/* Interposes MKL's "is this an Intel CPU?" check once promoted to the global scope; counts its calls. */
int mkl_serv_intel_cpu_true(void) {
    intel_checks++;
    return 1;
}

/* Re-opens this already loaded library with RTLD_GLOBAL, so libraries loaded later bind to its symbols. */
JNIEXPORT jboolean JNICALL Java_dev_trinity_coordinator_djl_MklNative_promote(JNIEnv *env, jclass cls,
                                                                                jstring path) {
    const char *file = (*env)->GetStringUTFChars(env, path, NULL);
    if (file == NULL) {
        return JNI_FALSE;
    }
    void *handle = dlopen(file, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    (*env)->ReleaseStringUTFChars(env, path, file);
    return handle != NULL ? JNI_TRUE : JNI_FALSE;
}

/* setenv(name, value, overwrite = 0): a value the user set is kept. Returns 0 on success. */
JNIEXPORT jint JNICALL Java_dev_trinity_coordinator_djl_MklNative_setenvIfUnset(JNIEnv *env, jclass cls,
                                                                               jstring name, jstring value) {
    const char *n = (*env)->GetStringUTFChars(env, name, NULL);
    const char *v = (*env)->GetStringUTFChars(env, value, NULL);
    int result = (n != NULL && v != NULL) ? setenv(n, v, 0) : -1;
    if (n != NULL) {
        (*env)->ReleaseStringUTFChars(env, name, n);
    }
    if (v != NULL) {
        (*env)->ReleaseStringUTFChars(env, value, v);
    }
    return result;
}

/* getenv as the C library sees it now (System.getenv is a snapshot taken when the JVM started). */
JNIEXPORT jstring JNICALL Java_dev_trinity_coordinator_djl_MklNative_getenv(JNIEnv *env, jclass cls, jstring name) {
    const char *n = (*env)->GetStringUTFChars(env, name, NULL);
    if (n == NULL) {
        return NULL;
    }
    const char *value = getenv(n);
    (*env)->ReleaseStringUTFChars(env, name, n);
    return value == NULL ? NULL : (*env)->NewStringUTF(env, value);
}

/* How many times MKL asked this library whether the CPU is Intel (0: the interposition did not take). */
JNIEXPORT jlong JNICALL Java_dev_trinity_coordinator_djl_MklNative_intelChecks(JNIEnv *env, jclass cls) {
    return intel_checks;
}
