package dev.trinity.coordinator.adapted;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.json.JsonFiles;
import dev.trinity.coordinator.setting.MissingInputException;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the router vector's ES run says about it: which decoder layers its SVF offsets adapt
 * ({@code opt_layer_indices}) and the agent slot labels ({@code llm_names}). Read from the run's log
 * ({@code sakana_es_log.json}: a list whose first entry has {@code configs}).
 *
 * @param file where it was read
 * @param optLayerIndices adapted layers, for example [26]
 * @param agentLabels slot labels, in slot order
 */
public record EsLog(Path file, List<Integer> optLayerIndices, List<String> agentLabels) {

    /**
     * Reads an ES log.
     *
     * @throws IOException naming the file and the missing field
     */
    public static EsLog read(Path file) throws IOException {
        JsonNode root = JsonFiles.read(file, "ES log " + file);
        JsonNode configs = (root.isArray() && root.size() > 0 ? root.get(0) : root).path("configs");
        JsonNode layers = configs.path("opt_layer_indices");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new IOException("ES log " + file + " has no configs.opt_layer_indices (the SVF layers)");
        }
        List<Integer> indices = new ArrayList<>();
        layers.forEach(layer -> indices.add(layer.asInt()));
        List<String> labels = new ArrayList<>();
        configs.path("llm_names").forEach(name -> labels.add(name.asText()));
        return new EsLog(file, List.copyOf(indices), List.copyOf(labels));
    }

    /**
     * Finds the ES log beside a router vector: the one file in its folder whose name ends in {@code es_log.json}.
     *
     * @throws MissingInputException saying where it looked and which setting names the file
     * @throws IOException when the folder cannot be listed
     */
    public static Path besideVector(Path vectorFile) throws IOException {
        Path folder = vectorFile.toAbsolutePath().getParent();
        List<Path> found;
        try (Stream<Path> files = Files.list(folder)) {
            found = files.filter(p -> p.getFileName().toString().endsWith("es_log.json")).toList();
        }
        if (found.size() != 1) {
            throw new MissingInputException(Wording.of("need the ES log of router vector " + vectorFile + " to know "
                    + "which layers its SVF offsets adapt: found " + found.size() + " *es_log.json files in " + folder
                    + "; pass ", Setting.ES_LOG, " FILE"));
        }
        return found.get(0);
    }
}
