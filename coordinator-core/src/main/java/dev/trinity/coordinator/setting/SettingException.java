package dev.trinity.coordinator.setting;

/**
 * Settings that cannot work as given (for example fp16 on the CPU); fixing them is the caller's move, so the CLI
 * reports it as a usage error.
 */
public class SettingException extends IllegalArgumentException implements Worded {

    private static final long serialVersionUID = 1L;

    private final transient Wording wording;

    /**
     * Creates the exception.
     *
     * @param wording what is wrong and what to do
     */
    public SettingException(Wording wording) {
        super(wording.toString());
        this.wording = wording;
    }

    @Override
    public Wording wording() {
        return wording;
    }
}
