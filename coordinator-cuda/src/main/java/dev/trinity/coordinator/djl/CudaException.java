package dev.trinity.coordinator.djl;

import ai.djl.engine.EngineException;
import dev.trinity.coordinator.setting.Worded;
import dev.trinity.coordinator.setting.Wording;

/** A CUDA failure turned into one readable line ({@link CudaErrors}); the original stays the cause. */
public final class CudaException extends EngineException implements Worded {

    private static final long serialVersionUID = 1L;

    private final transient Wording wording;

    /**
     * Creates the exception.
     *
     * @param wording what failed and what to do
     * @param cause what libtorch threw
     */
    public CudaException(Wording wording, Throwable cause) {
        super(wording.toString(), cause);
        this.wording = wording;
    }

    @Override
    public Wording wording() {
        return wording;
    }
}
