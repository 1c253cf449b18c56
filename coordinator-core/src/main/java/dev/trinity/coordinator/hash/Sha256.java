package dev.trinity.coordinator.hash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of bytes and files, as lowercase hex. */
public final class Sha256 {

    private static final int BUFFER_BYTES = 1 << 20;

    private Sha256() {
    }

    /** A new SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Lowercase hex SHA-256 of bytes. */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /**
     * Lowercase hex SHA-256 of a file's bytes, streamed.
     *
     * @param file the file
     * @return 64 hex digits
     * @throws IOException when the file cannot be read
     */
    public static String ofFile(Path file) throws IOException {
        MessageDigest digest = newDigest();
        update(digest, file);
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Feeds a whole file into a digest.
     *
     * @param digest the digest to update
     * @param file the file
     * @return the number of bytes read
     * @throws IOException when the file cannot be read
     */
    public static long update(MessageDigest digest, Path file) throws IOException {
        long total = 0;
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                total += n;
            }
        }
        return total;
    }

    /** Whether a text is 64 lowercase or uppercase hex digits. */
    public static boolean isHex(String text) {
        return text != null && text.matches("[0-9a-fA-F]{64}");
    }
}
