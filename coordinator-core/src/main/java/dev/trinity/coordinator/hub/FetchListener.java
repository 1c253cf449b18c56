package dev.trinity.coordinator.hub;

/**
 * Progress of a fetch. Every method has a no-op default; a listener that throws is logged and ignored, so it
 * never breaks the fetch it watches.
 */
public interface FetchListener {

    /** A listener that ignores everything. */
    FetchListener NONE = new FetchListener() { };

    /**
     * A file is about to be checked or downloaded.
     *
     * @param path the file's path in the repository
     * @param index 1-based position
     * @param count number of files
     */
    default void fileStarted(String path, int index, int count) {
    }

    /**
     * The file was already in place with the right hash; nothing was downloaded.
     *
     * @param path the file's path in the repository
     */
    default void fileAlreadyPresent(String path) {
    }

    /**
     * Bytes arrived (called at most every few megabytes, and at the end).
     *
     * @param path the file's path in the repository
     * @param received bytes of the file on disk so far, including a resumed part
     * @param total the file's size, or -1 when unknown
     */
    default void bytesReceived(String path, long received, long total) {
    }

    /**
     * The file was downloaded, verified and moved into place.
     *
     * @param path the file's path in the repository
     * @param bytes its size
     * @param resumed whether the download continued a kept {@code .part} file
     */
    default void fileDownloaded(String path, long bytes, boolean resumed) {
    }
}
