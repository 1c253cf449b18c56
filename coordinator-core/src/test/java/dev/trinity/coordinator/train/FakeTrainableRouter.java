package dev.trinity.coordinator.train;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.route.HiddenState;
import dev.trinity.coordinator.route.HiddenStateExtractor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A router over a fake model: the hidden state of a conversation is a seeded random vector of its text plus a
 * strong direction for the word "topicK" it contains, scaled per dimension by {@code 1 + offset}; so a linear head
 * can learn the topics, and SVF offsets change the states. Counts the states it computes.
 */
final class FakeTrainableRouter implements TrainableRouter {

    static final int HIDDEN = 16;
    static final int ROWS = 10;
    static final int SCALES = 8;

    final AtomicInteger extracted = new AtomicInteger();
    private final float[] vector;

    FakeTrainableRouter(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        vector = new float[SCALES + ROWS * HIDDEN];
        for (int i = SCALES; i < vector.length; i++) {
            vector[i] = (float) (random.nextGaussian() * 0.1);
        }
    }

    static float[] state(String text, float[] offsets) {
        SplittableRandom random = new SplittableRandom(text.hashCode());
        float[] v = new float[HIDDEN];
        for (int i = 0; i < HIDDEN; i++) {
            v[i] = (float) (random.nextGaussian() * 0.3);
        }
        for (int topic = 0; topic < 6; topic++) {
            if (text.contains("topic" + topic)) {
                v[topic] += 2.0f;
                v[topic + 6] -= 1.0f;
            }
        }
        for (int i = 0; i < HIDDEN; i++) {
            v[i] *= 1 + offsets[i % offsets.length];
        }
        return v;
    }

    private HiddenStateExtractor extractorFor(float[] offsets) {
        return new HiddenStateExtractor() {
            @Override
            public HiddenState extract(List<Message> messages) {
                extracted.incrementAndGet();
                StringBuilder text = new StringBuilder();
                messages.forEach(m -> text.append(m.content()).append('\n'));
                return new HiddenState(state(text.toString(), offsets), new int[] {1, 2, 3}, 1, "fake", "float32",
                        new HiddenState.Timings(0, 0));
            }

            @Override
            public int hiddenSize() {
                return HIDDEN;
            }
        };
    }

    @Override
    public float[] routerVector() {
        return vector.clone();
    }

    @Override
    public int outputCount() {
        return ROWS;
    }

    @Override
    public int hiddenSize() {
        return HIDDEN;
    }

    @Override
    public HiddenStateExtractor extractor() {
        return extractorFor(java.util.Arrays.copyOf(vector, SCALES));
    }

    @Override
    public HiddenStateExtractor adapted(float[] offsets) {
        return extractorFor(offsets.clone());
    }

    @Override
    public String stateKey() {
        return Sha256.of(("fake" + java.util.Arrays.toString(java.util.Arrays.copyOf(vector, SCALES)))
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<Integer> svfLayers() {
        return List.of(2);
    }

    @Override
    public List<String> agentLabels() {
        return List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6");
    }

    @Override
    public String describe() {
        return "fake router";
    }

    @Override
    public void close() {
    }
}
