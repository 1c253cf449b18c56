package dev.trinity.coordinator.hub;

import dev.trinity.coordinator.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * What a downloaded file must hash to: a SHA-256 (pins, LFS files), or a git blob id (SHA-1 of
 * {@code "blob <size>\0" + content}, for small non-LFS files of a hub repository).
 *
 * @param digestHex the expected digest, lowercase hex
 * @param size the expected size in bytes, or -1 when unknown (required for git blob ids)
 * @param gitBlob whether {@code digestHex} is a git blob id rather than a SHA-256
 */
record ExpectedContent(String digestHex, long size, boolean gitBlob) {

    ExpectedContent {
        Objects.requireNonNull(digestHex, "digestHex");
        digestHex = digestHex.toLowerCase(Locale.ROOT);
        if (gitBlob && size < 0) {
            throw new IllegalArgumentException("a git blob id needs the file size");
        }
    }

    static ExpectedContent sha256(String hex, long size) {
        return new ExpectedContent(hex, size, false);
    }

    static ExpectedContent gitBlob(String blobId, long size) {
        return new ExpectedContent(blobId, size, true);
    }

    /** The name of the check, for messages. */
    String label() {
        return gitBlob ? "git blob id" : "sha256";
    }

    /** A digest primed for this check (the git blob header already fed). */
    MessageDigest newDigest() {
        if (!gitBlob) {
            return Sha256.newDigest();
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
            return sha1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }

    /** The hex digest of a finished digest. */
    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether a file on disk has the expected size (when known) and digest. */
    boolean matches(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        if (size >= 0 && Files.size(file) != size) {
            return false;
        }
        MessageDigest digest = newDigest();
        Sha256.update(digest, file);
        return hex(digest).equals(digestHex);
    }

    /** The actual digest of a file under this check. */
    String digestOf(Path file) throws IOException {
        MessageDigest digest = newDigest();
        Sha256.update(digest, file);
        return hex(digest);
    }
}
