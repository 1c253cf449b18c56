package dev.trinity.coordinator.provider;

import java.util.Locale;

/** The provider kinds a pool slot can name. */
public enum ProviderKind {
    /** The deterministic mock; no network, no credential. */
    MOCK("mock"),
    /** OpenAI; needs an API key; base URL defaults to {@code https://api.openai.com/v1}. */
    OPENAI("openai"),
    /** Any OpenAI-compatible server (vLLM, llama.cpp, Ollama, OpenRouter); needs {@code base_url}. */
    OPENAI_COMPATIBLE("openai-compatible"),
    /** Anthropic's Messages API; needs an API key. */
    ANTHROPIC("anthropic"),
    /** Google's Gemini API ({@code generateContent}); needs an API key. */
    GEMINI("gemini");

    private final String wireName;

    ProviderKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name in pool files and traces. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a provider name: trimmed, lower-cased, {@code _} read as {@code -}.
     *
     * @param name the name
     * @return the kind
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static ProviderKind parse(String name) {
        String normalized = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ProviderKind kind : values()) {
            if (kind.wireName.equals(normalized)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown provider \"" + name
                + "\"; use one of mock, openai, openai-compatible, anthropic, gemini");
    }
}
