package dev.trinity.coordinator.setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A message made of text and {@link Setting}s. {@link #toString()} names the settings as the library does;
 * {@link #render(Function)} lets a front end name them (the CLI by its flags).
 *
 * <pre>{@code
 * Wording w = Wording.of(Setting.DEVICE, " cuda:1 needs a CUDA GPU; or use ", Setting.DEVICE, " cpu");
 * w.toString();                                  // "device cuda:1 needs a CUDA GPU; or use device cpu"
 * w.render(s -> s == Setting.DEVICE ? "--device" : s.libraryName());  // "--device cuda:1 needs ..."
 * }</pre>
 */
public final class Wording {

    private final List<Object> parts;

    private Wording(List<Object> parts) {
        this.parts = parts;
    }

    /**
     * A message from its parts.
     *
     * @param parts texts (anything else is turned into text), settings and other wordings (spliced in), in order
     * @return the wording
     */
    public static Wording of(Object... parts) {
        List<Object> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Wording wording) {
                all.addAll(wording.parts);
            } else {
                all.add(part instanceof Setting ? part : String.valueOf(part));
            }
        }
        return new Wording(List.copyOf(all));
    }

    /**
     * This message followed by more parts.
     *
     * @param more texts, settings and wordings
     * @return the longer wording
     */
    public Wording then(Object... more) {
        return of(this, of(more));
    }

    /**
     * The message with each setting named by {@code names}.
     *
     * @param names a front end's name of each setting
     * @return the text
     */
    public String render(Function<Setting, String> names) {
        Objects.requireNonNull(names, "names");
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            text.append(part instanceof Setting setting ? names.apply(setting) : part);
        }
        return text.toString();
    }

    /** The message with the library's names of the settings. */
    @Override
    public String toString() {
        return render(Setting::libraryName);
    }
}
