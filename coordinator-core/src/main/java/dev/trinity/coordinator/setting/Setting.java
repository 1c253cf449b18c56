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
    MOCK_POOL("the mock pool"),
    /** A fetch that uses only files already on disk. */
    OFFLINE("offline mode"),
    /** The Hugging Face revision (branch, tag or commit) to fetch. */
    REVISION("revision"),
    /** The artifact pin file (repository, revision, SHA-256 of every file). */
    PIN_FILE("the pin file"),
    /** The folder a bundle build or a training run writes to. */
    OUTPUT_DIR("output folder"),
    /** A training run continued from its output folder's state. */
    RESUME("resume"),
    /** The prompt-eval cases file. */
    CASES_FILE("the cases file"),
    /** The prompt-eval snapshot to compare with. */
    SNAPSHOT("the snapshot"),
    /** Where prompt-eval writes a new snapshot. */
    SNAPSHOT_OUT("a snapshot output file"),
    /** How many times prompt-eval routes every case to compare route hashes. */
    DETERMINISM_RUNS("determinism runs"),
    /** Prompt-eval comparing only token counts and transcript hashes. */
    TOKENS_ONLY("tokens-only mode");

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
