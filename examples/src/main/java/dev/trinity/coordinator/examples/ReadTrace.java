package dev.trinity.coordinator.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.json.JsonFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSONL trace back: one JSON object per line ({@code event}, {@code run_id}, {@code schema_version},
 * {@code timestamp_ms} and the event's fields; see {@code docs/loop.md}), and prints one summary line per event.
 */
public final class ReadTrace {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadTrace() {
    }

    /** Prints the events of the trace file {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ReadTrace TRACE.jsonl");
            System.exit(2);
        }
        run(Path.of(args[0]), System.out);
    }

    /**
     * Reads every event of a trace file and prints a line per event.
     *
     * @param traceFile the JSONL file
     * @param out where to print
     * @return the events in file order, as maps
     * @throws IOException naming the line that is not a JSON object
     */
    public static List<Map<String, Object>> run(Path traceFile, PrintStream out) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(traceFile, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> event;
                try {
                    event = JSON.readValue(line, new TypeReference<Map<String, Object>>() { });
                } catch (JsonProcessingException e) {
                    throw new IOException(traceFile + " line " + number + " is not a JSON object: "
                            + JsonFiles.describe(e), e);
                }
                events.add(event);
                out.println(describe(event));
            }
        }
        return events;
    }

    /** One line: the event name, its run and the fields an operator looks at first. */
    static String describe(Map<String, Object> event) {
        StringBuilder line = new StringBuilder().append(event.get("event")).append(" run=").append(event.get("run_id"));
        for (String key : List.of("turn", "selected_agent", "selected_role_name", "provider_model", "status",
                "provider_latency_ms", "final_status", "reason")) {
            if (event.get(key) != null) {
                line.append(' ').append(key).append('=').append(event.get(key));
            }
        }
        return line.toString();
    }
}
