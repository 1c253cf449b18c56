package dev.trinity.coordinator.setting;

/** A setting of the library that an error message can point at; a front end names each its own way. */
public enum Setting {
    /** Where the model runs: {@code auto}, {@code cpu}, {@code cuda[:N]}. */
    DEVICE("device"),
    /** The dtype the forward pass computes in: {@code fp32} or {@code fp16}. */
    COMPUTE_TYPE("compute type"),
    /** The Qwen3 model folder (a Hugging Face snapshot). */
    MODEL_DIR("model folder"),
    /** The router vector's ES log (SVF layers, agent labels). */
    ES_LOG("ES log"),
    /** The offline mock pool, which needs no credential. */
    MOCK_POOL("the mock pool");

    private final String libraryName;

    Setting(String libraryName) {
        this.libraryName = libraryName;
    }

    /**
     * How the library's own messages name the setting.
     *
     * @return for example {@code compute type}
     */
    public String libraryName() {
        return libraryName;
    }
}
