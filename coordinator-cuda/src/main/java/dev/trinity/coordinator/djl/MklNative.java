package dev.trinity.coordinator.djl;

/** The JNI entry points of {@code src/main/c/trinity_mkl.c}; {@link MklDispatch} loads the library first. */
final class MklNative {

    private MklNative() {
    }

    /** Re-opens the loaded library at {@code path} into the global symbol scope. */
    static native boolean promote(String path);

    /** {@code setenv(name, value, 0)}: 0 on success; an existing value is kept. */
    static native int setenvIfUnset(String name, String value);

    /** The C library's current value of an environment variable, or null. */
    static native String getenv(String name);

    /** How many times MKL called the library's Intel check. */
    static native long intelChecks();
}
