package dev.trinity.coordinator.qwen3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.json.JsonFiles;
import dev.trinity.coordinator.safetensors.Floats;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a Hugging Face model folder: one {@code model.safetensors} or the shards listed in
 * {@code model.safetensors.index.json}.
 */
public final class Qwen3Checkpoint implements TensorSource {

    private final Path folder;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byName;

    private Qwen3Checkpoint(Path folder, List<SafetensorsFile> files, Map<String, SafetensorsFile> byName) {
        this.folder = folder;
        this.files = files;
        this.byName = byName;
    }

    /**
     * Opens the weights of a model folder.
     *
     * @throws IOException naming the folder and the missing or malformed file
     */
    public static Qwen3Checkpoint open(Path folder) throws IOException {
        Path single = folder.resolve("model.safetensors");
        Path index = folder.resolve("model.safetensors.index.json");
        List<SafetensorsFile> files = new ArrayList<>();
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(single)) {
                SafetensorsFile file = SafetensorsFile.open(single);
                files.add(file);
                file.tensors().forEach(t -> byName.put(t.name(), file));
            } else if (Files.isRegularFile(index)) {
                openShards(folder, index, files, byName);
            } else {
                throw new IOException("no model.safetensors or model.safetensors.index.json in " + folder);
            }
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile file : files) {
                file.close();
            }
            throw e;
        }
        return new Qwen3Checkpoint(folder, files, byName);
    }

    private static void openShards(Path folder, Path index, List<SafetensorsFile> files,
                                   Map<String, SafetensorsFile> byName) throws IOException {
        JsonNode weightMap = JsonFiles.read(index, index.toString()).path("weight_map");
        if (!weightMap.isObject()) {
            throw new IOException(index + " has no \"weight_map\" object");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String shardName = entry.getValue().asText();
            SafetensorsFile shard = shards.get(shardName);
            if (shard == null) {
                Path shardPath = folder.resolve(shardName).normalize();
                if (!shardPath.startsWith(folder.normalize()) || !Files.isRegularFile(shardPath)) {
                    throw new IOException(index + " lists shard \"" + shardName + "\", which is not in " + folder);
                }
                shard = SafetensorsFile.open(shardPath);
                shards.put(shardName, shard);
                files.add(shard);
            }
            if (!shard.contains(entry.getKey())) {
                throw new IOException(index + " maps \"" + entry.getKey() + "\" to " + shardName
                        + ", which does not contain it");
            }
            byName.put(entry.getKey(), shard);
        }
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    @Override
    public TensorInfo info(String name) throws IOException {
        return file(name).tensor(name);
    }

    /**
     * Reads a tensor as float32, refusing NaN and infinity: corrupt weights fail here, naming the tensor and the
     * file, instead of turning into a silent all-zero hidden state downstream.
     *
     * @throws IOException naming the tensor, its file and the first non-finite element
     */
    @Override
    public void readFloats(String name, FloatBuffer dest) throws IOException {
        int start = dest.position();
        file(name).readFloats(name, dest);
        checkFinite(name, Floats.firstNonFinite(dest, start, dest.position()));
    }

    /**
     * The tensor's raw bytes (mapped), checked for NaN and infinity first in one pass of positional reads, so the
     * check leaves no page of the mapping resident (the embedding is 311 MB of BF16 at the 0.6B shape).
     *
     * @throws IOException naming the tensor, its file and the first non-finite element
     */
    @Override
    public ByteBuffer bytes(String name) throws IOException {
        SafetensorsFile file = file(name);
        checkFinite(name, file.firstNonFinite(name));
        return file.mapTensor(name);
    }

    /** The file that holds a tensor. */
    public Path fileOf(String name) throws IOException {
        return file(name).path();
    }

    private void checkFinite(String name, long element) throws IOException {
        if (element >= 0) {
            throw new IOException("tensor \"" + name + "\" in " + fileOf(name) + " holds NaN or infinity (element "
                    + element + "): the weights are corrupt. Download them again ('coordinator model fetch') or "
                    + "check them with 'coordinator env-check --model-dir " + folder + " --verify-hashes'");
        }
    }

    @Override
    public String describe() {
        return folder.toString();
    }

    private SafetensorsFile file(String name) throws IOException {
        SafetensorsFile file = byName.get(name);
        if (file == null) {
            throw new IOException("weights in " + folder + " have no tensor \"" + name + "\"");
        }
        return file;
    }

    @Override
    public void close() throws IOException {
        for (SafetensorsFile file : files) {
            file.close();
        }
    }
}
