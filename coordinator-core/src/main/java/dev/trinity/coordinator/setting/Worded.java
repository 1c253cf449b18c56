package dev.trinity.coordinator.setting;

/** An exception whose message names settings; {@link Throwable#getMessage()} is {@code wording().toString()}. */
public interface Worded {

    /**
     * The message, for rendering with a front end's names of the settings.
     *
     * @return the wording
     */
    Wording wording();
}
