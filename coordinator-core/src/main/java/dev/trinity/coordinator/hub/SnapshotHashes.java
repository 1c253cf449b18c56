package dev.trinity.coordinator.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checks the files of a Hugging Face cache snapshot ({@code models--org--name/snapshots/<commit>/}, as
 * {@code coordinator model fetch} and the Hugging Face tools write it) against the hashes their blobs are named by:
 * each file links to {@code ../../blobs/<sha256>} (LFS files, such as the weights) or {@code ../../blobs/<git blob
 * id>} (small files). A plain folder has no such names, so nothing is known to compare with.
 *
 * @param verified the files whose content matched their blob name
 * @param unnamed the files with no blob name to check against (copies, plain folders)
 * @param problem the first mismatch, or null
 */
public record SnapshotHashes(List<String> verified, List<String> unnamed, String problem) {

    /** Copies the lists. */
    public SnapshotHashes {
        verified = List.copyOf(verified);
        unnamed = List.copyOf(unnamed);
    }

    /** Whether every named file matched. */
    public boolean ok() {
        return problem == null;
    }

    /**
     * Hashes every file of a snapshot folder that links to a named blob; stops at the first mismatch.
     *
     * @param snapshotDir the folder
     * @param progress receives {@code sha256 <file>} (or {@code git blob id <file>}) before each file
     * @return what was verified
     * @throws IOException when a file cannot be read
     */
    public static SnapshotHashes verify(Path snapshotDir, Consumer<String> progress) throws IOException {
        Objects.requireNonNull(progress, "progress");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(snapshotDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> verified = new ArrayList<>();
        List<String> unnamed = new ArrayList<>();
        for (Path file : files) {
            String relative = snapshotDir.relativize(file).toString();
            ExpectedContent expected = expected(file);
            if (expected == null) {
                unnamed.add(relative);
                continue;
            }
            progress.accept(expected.label() + " " + relative);
            String actual = expected.digestOf(file);
            if (!actual.equals(expected.digestHex())) {
                return new SnapshotHashes(verified, unnamed, "model file " + file + " does not match the "
                        + expected.label() + " its Hugging Face cache blob is named by (expected "
                        + expected.digestHex() + ", got " + actual + "). The file is corrupt; delete the blob and "
                        + "run 'coordinator model fetch' again");
            }
            verified.add(relative);
        }
        return new SnapshotHashes(verified, unnamed, null);
    }

    /** The hash a cache file is named by: a link into {@code blobs/} named by 64 (sha256) or 40 (git) hex digits. */
    private static ExpectedContent expected(Path file) throws IOException {
        if (!Files.isSymbolicLink(file)) {
            return null;
        }
        Path blob = file.toRealPath();
        if (blob.getParent() == null || !blob.getParent().getFileName().toString().equals("blobs")) {
            return null;
        }
        String name = blob.getFileName().toString();
        if (name.matches("[0-9a-f]{64}")) {
            return ExpectedContent.sha256(name, -1);
        }
        if (name.matches("[0-9a-f]{40}")) {
            return ExpectedContent.gitBlob(name, Files.size(blob));
        }
        return null;
    }
}
