package dev.trinity.coordinator.hash;

import java.util.Objects;

/**
 * An Erlang atom, encoded as {@code SMALL_ATOM_UTF8_EXT} (or {@code ATOM_UTF8_EXT} when longer than 255 bytes).
 *
 * @param name the atom's text, for example {@code role}
 */
public record Atom(String name) {

    /** Validates the name: at most 255 characters, as in Erlang. */
    public Atom {
        Objects.requireNonNull(name, "atom name");
        if (name.codePointCount(0, name.length()) > 255) {
            throw new IllegalArgumentException("atom longer than 255 characters: " + name.length());
        }
    }

    /** Shorthand for {@code new Atom(name)}. */
    public static Atom of(String name) {
        return new Atom(name);
    }
}
