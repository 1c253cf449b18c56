package dev.trinity.coordinator.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The run's {@code log.jsonl}: one event envelope per line, written and flushed as each event happens, so a
 * watcher ({@code tail -f}) sees the run live and a crash loses nothing already reported.
 */
public final class JsonlEventLog implements TrainingListener, AutoCloseable {

    private final Path file;
    private final OutputStream out;
    private long bytes;

    private JsonlEventLog(Path file, OutputStream out, long bytes) {
        this.file = file;
        this.out = out;
        this.bytes = bytes;
    }

    /**
     * Opens a log for appending, first cutting it to {@code keepBytes} (a resumed run drops what its crashed
     * predecessor logged after its last saved state).
     *
     * @param file the log
     * @param keepBytes bytes to keep; 0 starts an empty log
     */
    public static JsonlEventLog open(Path file, long keepBytes) throws IOException {
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(keepBytes);
            }
        }
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new JsonlEventLog(file, out, Files.size(file));
    }

    /** The bytes written so far (the resume point). */
    public synchronized long bytes() {
        return bytes;
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void onEvent(TrainingEvent event) {
        byte[] line = (event.toJson().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(line);
            out.flush();
            bytes += line.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
