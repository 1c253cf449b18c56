package dev.trinity.coordinator.djl;

import dev.trinity.coordinator.setting.Worded;
import dev.trinity.coordinator.setting.Wording;

/** The device asked for is not there (no CUDA GPU, or fewer than the index asked for). */
public final class DeviceUnavailableException extends IllegalArgumentException implements Worded {

    private static final long serialVersionUID = 1L;

    private final transient Wording wording;

    /**
     * Creates the exception.
     *
     * @param wording what is missing and what to do
     */
    public DeviceUnavailableException(Wording wording) {
        super(wording.toString());
        this.wording = wording;
    }

    @Override
    public Wording wording() {
        return wording;
    }
}
