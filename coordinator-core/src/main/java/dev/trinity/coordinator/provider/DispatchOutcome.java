package dev.trinity.coordinator.provider;

/** The outcome of one dispatch (all its attempts): completed, failed, or refused by the attempt gate. */
public sealed interface DispatchOutcome {

    /** The number of HTTP attempts that were sent. */
    int attempts();

    /**
     * The provider answered.
     *
     * @param response the reply
     * @param attempts the attempts sent
     */
    record Completed(ChatResponse response, int attempts) implements DispatchOutcome {
    }

    /**
     * The provider failed and no retry is left or allowed.
     *
     * @param error the last failure
     * @param attempts the attempts sent
     */
    record Failed(ProviderException error, int attempts) implements DispatchOutcome {
    }

    /**
     * The gate refused an attempt (a budget fired).
     *
     * @param lastError the failure of the previous attempt, or null when no attempt was sent
     * @param attempts the attempts sent
     */
    record Refused(ProviderException lastError, int attempts) implements DispatchOutcome {
    }
}
