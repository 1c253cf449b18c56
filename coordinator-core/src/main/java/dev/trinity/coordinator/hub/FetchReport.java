package dev.trinity.coordinator.hub;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a fetch did.
 *
 * @param destination where the files are
 * @param files one entry per file, in fetch order
 */
public record FetchReport(Path destination, List<FetchedFile> files) {

    /** How a file got into place. */
    public enum Outcome {
        /** Already there with the right hash. */
        PRESENT,
        /** Downloaded from the start. */
        DOWNLOADED,
        /** Downloaded by continuing a kept {@code .part} file. */
        RESUMED
    }

    /**
     * One file.
     *
     * @param path the repository path
     * @param local the file on disk
     * @param outcome how it got there
     * @param bytes its size
     */
    public record FetchedFile(String path, Path local, Outcome outcome, long bytes) {
    }

    /** Copies the list. */
    public FetchReport {
        Objects.requireNonNull(destination, "destination");
        files = List.copyOf(files);
    }

    /** How many files were downloaded (fresh or resumed). */
    public long downloadedCount() {
        return files.stream().filter(f -> f.outcome() != Outcome.PRESENT).count();
    }

    /** Total size of the files. */
    public long totalBytes() {
        return files.stream().mapToLong(FetchedFile::bytes).sum();
    }
}
