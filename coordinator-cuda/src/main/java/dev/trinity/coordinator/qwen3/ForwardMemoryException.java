package dev.trinity.coordinator.qwen3;

/** A forward pass that would need more working memory than this machine (or the configured limit) has. */
public final class ForwardMemoryException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ForwardMemoryException(String message) {
        super(message);
    }
}
