package dev.trinity.coordinator.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.files.OutputPaths;
import dev.trinity.coordinator.loop.RunEvent;
import dev.trinity.coordinator.loop.RunListener;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a run's events as JSON Lines in the reference's trace format ({@link TraceWire}): one redacted object per
 * line, parent directories created, appended, flushed per event. Add it as a {@link RunListener} of an orchestrator
 * (every run) or of one run ({@code RunOptions.builder().listener(sink)}).
 *
 * <p>Each line is serialized first and then written with one {@code write} under a lock, so lines of concurrent
 * runs never interleave and a crash loses at most the line being written. Optional daily or size rotation.
 * Thread-safe; close it when done.
 */
public final class JsonlTraceSink implements RunListener, AutoCloseable {

    private final Path path;
    private final Rotation rotation;
    private final Clock clock;
    private final ObjectMapper mapper;
    private OutputStream out;
    private Path currentFile;
    private long currentSize;
    private long lines;

    private JsonlTraceSink(Builder builder) {
        this.path = builder.path;
        this.rotation = builder.rotation;
        this.clock = builder.clock;
        this.mapper = builder.mapper;
    }

    /**
     * A builder.
     *
     * @param path the file (for daily rotation, the date is inserted before the extension)
     * @return the builder
     */
    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** A sink without rotation. */
    public static JsonlTraceSink of(Path path) {
        return builder(path).build();
    }

    /** The file the next event goes to (for daily rotation, today's file). */
    public Path currentPath() {
        return fileFor(LocalDate.now(clock));
    }

    /**
     * Opens (creating parent directories, appending) the file the next event goes to, now rather than at the first
     * event, so an unusable path is reported before a run spends anything.
     *
     * @return this sink
     * @throws IOException naming the file and why it cannot be written
     */
    public synchronized JsonlTraceSink open() throws IOException {
        Path target = fileFor(LocalDate.now(clock));
        if (out == null || !target.equals(currentFile)) {
            closeStream();
            try {
                open(target);
            } catch (IOException e) {
                throw new IOException("cannot write trace file " + target + ": " + whyUnwritable(target, e), e);
            }
        }
        return this;
    }

    /** Lines written so far. */
    public synchronized long lines() {
        return lines;
    }

    /** Writes the wire form of a run event (events the trace carries inside another are skipped). */
    @Override
    public void onEvent(RunEvent event) {
        TraceWire.of(event).ifPresent(this::write);
    }

    /**
     * Writes one trace event as a line.
     *
     * @param event the event, already redacted
     * @throws UncheckedIOException when the file cannot be written
     */
    public void write(TraceEvent event) {
        byte[] line;
        try {
            byte[] json = mapper.writeValueAsBytes(event.toMap());
            line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize trace event " + event.type().wireName(), e);
        }
        writeLine(line);
    }

    private synchronized void writeLine(byte[] line) {
        try {
            Path target = fileFor(LocalDate.now(clock));
            if (rotation.mode() == Rotation.Mode.SIZE && out != null && currentSize > 0
                    && currentSize + line.length > rotation.maxBytes()) {
                closeStream();
                rollOver(target);
            }
            if (out == null || !target.equals(currentFile)) {
                closeStream();
                open(target);
            }
            out.write(line);
            out.flush();
            currentSize += line.length;
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace file " + currentFile, e);
        }
    }

    private void open(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = new FileOutputStream(target.toFile(), true);
        currentFile = target;
        currentSize = Files.size(target);
    }

    private static String whyUnwritable(Path target, IOException e) {
        Optional<String> visible = OutputPaths.problem(target);
        if (visible.isPresent()) {
            return visible.get();
        }
        // NIO's exceptions carry only the path as their message; say what happened to it
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof NoSuchFileException missing) {
            return "cannot create " + missing.getFile();
        }
        if (e instanceof FileSystemException other && other.getReason() != null) {
            return other.getReason() + " (" + other.getFile() + ")";
        }
        return String.valueOf(e.getMessage());
    }

    private void rollOver(Path target) throws IOException {
        int n = 1;
        Path rolled;
        do {
            rolled = target.resolveSibling(target.getFileName() + "." + n++);
        } while (Files.exists(rolled));
        Files.move(target, rolled);
    }

    private Path fileFor(LocalDate date) {
        if (rotation.mode() != Rotation.Mode.DAILY) {
            return path;
        }
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String dated = dot > 0 ? name.substring(0, dot) + "-" + date + name.substring(dot) : name + "-" + date;
        return path.resolveSibling(dated);
    }

    private void closeStream() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close trace file " + currentFile, e);
        }
    }

    /** Builds a {@link JsonlTraceSink}. */
    public static final class Builder {
        private final Path path;
        private Rotation rotation = Rotation.none();
        private Clock clock = Clock.systemDefaultZone();
        private ObjectMapper mapper = new ObjectMapper();

        private Builder(Path path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /** The rotation (default none). */
        public Builder rotation(Rotation value) {
            this.rotation = Objects.requireNonNull(value, "rotation");
            return this;
        }

        /** The clock deciding the day of daily rotation. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The JSON mapper. */
        public Builder mapper(ObjectMapper value) {
            this.mapper = Objects.requireNonNull(value, "mapper");
            return this;
        }

        /** Builds the sink; the file is created on the first event, or by {@link JsonlTraceSink#open()}. */
        public JsonlTraceSink build() {
            return new JsonlTraceSink(this);
        }
    }
}
