package dev.trinity.coordinator.djl;

import ai.djl.Device;
import java.util.Locale;

/**
 * A device request as written by users: {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}.
 *
 * @param kind what was asked for
 * @param index the CUDA device index (0 unless {@code cuda:N})
 */
public record DeviceSpec(Kind kind, int index) {

    /** The requested kind of device. */
    public enum Kind {
        /** CUDA when libtorch sees a GPU, else CPU. */
        AUTO,
        /** The CPU. */
        CPU,
        /** A CUDA GPU. */
        CUDA
    }

    /** CPU. */
    public static final DeviceSpec CPU = new DeviceSpec(Kind.CPU, 0);
    /** Automatic selection. */
    public static final DeviceSpec AUTO = new DeviceSpec(Kind.AUTO, 0);

    /**
     * Parses {@code auto|cpu|cuda[:N]} (also {@code gpu[:N]}).
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    public static DeviceSpec parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            return AUTO;
        }
        if (value.equals("cpu")) {
            return CPU;
        }
        if (value.equals("cuda") || value.equals("gpu")) {
            return new DeviceSpec(Kind.CUDA, 0);
        }
        if (value.startsWith("cuda:") || value.startsWith("gpu:")) {
            try {
                int index = Integer.parseInt(value.substring(value.indexOf(':') + 1));
                if (index >= 0) {
                    return new DeviceSpec(Kind.CUDA, index);
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("invalid device \"" + text + "\"; use auto, cpu, cuda or cuda:N");
    }

    /**
     * The spec of a concrete DJL device: {@code cpu()} is {@link #CPU}, {@code gpu(N)} is {@code cuda:N}.
     *
     * @param device a DJL device
     * @return its spec
     */
    public static DeviceSpec of(Device device) {
        return device.isGpu() ? new DeviceSpec(Kind.CUDA, device.getDeviceId()) : CPU;
    }

    @Override
    public String toString() {
        return kind == Kind.CUDA ? "cuda:" + index : kind.name().toLowerCase(Locale.ROOT);
    }
}
