package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessageRole;
import dev.trinity.coordinator.role.AgentRole;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A deterministic provider for tests, CI and {@code --mock} runs: no network, no credentials.
 *
 * <p>Replies can be scripted per role: {@link Builder#reply(AgentRole, String...)} answers the k-th turn of that role
 * in a run with the k-th reply (the last one repeats), chosen from the call's {@link CallContext}, so one instance
 * is stateless and safe to share between parallel runs. Without a script the reply is the reference's default
 * {@code MOCK agent=<id> model=<model>: <last user message>}. Its reported usage counts words (whitespace-separated)
 * as tokens: the request's messages as input, the reply as output.
 */
public final class MockChatProvider implements ChatProvider {

    private final Map<AgentRole, Function<ChatRequest, String>> byRole;
    private final Function<ChatRequest, String> fallback;

    private MockChatProvider(Builder builder) {
        this.byRole = new EnumMap<>(builder.byRole);
        this.fallback = builder.fallback;
    }

    /** A mock that always gives the default reply. */
    public static MockChatProvider defaults() {
        return builder().build();
    }

    /**
     * A mock team that plays each role by its contract from the conversation, for offline demos of the whole loop:
     * the Thinker plans and steers ({@code <suggested_role>solver|verifier</suggested_role>}: the Worker when there is
     * no answer or a REVISE, the Verifier when an answer is unchecked), the Worker answers (a bare result first,
     * then with its working), the Verifier recomputes and answers ACCEPT or REVISE. It really computes arithmetic on
     * two whole numbers ({@code 17 * 24}); other tasks get a restated answer that the Verifier accepts, saying that
     * it cannot judge free text.
     */
    public static MockChatProvider rolePlaying() {
        return builder()
                .respond(AgentRole.THINKER, RolePlayingTeam::thinker)
                .respond(AgentRole.WORKER, RolePlayingTeam::worker)
                .respond(AgentRole.VERIFIER, RolePlayingTeam::verifier)
                .build();
    }

    /** A builder for a scripted mock. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The reference's default mock reply.
     *
     * @param request the request
     * @return {@code MOCK agent=<id> model=<model>: <last user message>} (or {@code no user message})
     */
    public static String defaultReply(ChatRequest request) {
        List<Message> messages = request.messages();
        String lastUser = "no user message";
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == MessageRole.USER) {
                lastUser = messages.get(i).content();
                break;
            }
        }
        return "MOCK agent=" + request.context().agentId() + " model=" + request.model() + ": " + lastUser;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.MOCK;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Function<ChatRequest, String> script = AgentRole.fromName(request.context().roleName())
                .map(byRole::get)
                .orElse(null);
        String text = (script == null ? fallback : script).apply(request);
        if (text == null) {
            throw new MalformedResponseException("mock provider script returned no text for role "
                    + request.context().roleName(), 0, null);
        }
        int inputWords = request.messages().stream().mapToInt(m -> words(m.content())).sum();
        return new ChatResponse(text, request.model(), inputWords, words(text));
    }

    /** The mock's token usage: whitespace-separated words (no tokenizer), so priced mock pools have a cost. */
    static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    @Override
    public String toString() {
        // Enum constant names (WORKER, ...), not AgentRole's display names: the text predates the fold.
        return "MockChatProvider[scripted roles " + byRole.keySet().stream().map(Enum::name).toList() + "]";
    }

    /** Builds a {@link MockChatProvider}. */
    public static final class Builder {
        private final Map<AgentRole, Function<ChatRequest, String>> byRole = new EnumMap<>(AgentRole.class);
        private Function<ChatRequest, String> fallback = MockChatProvider::defaultReply;

        private Builder() {
        }

        /**
         * Scripts the replies of a role: its k-th turn in a run gets {@code replies[k]}, the last one repeating.
         *
         * @param role the role
         * @param replies at least one reply
         * @return this builder
         */
        public Builder reply(AgentRole role, String... replies) {
            Objects.requireNonNull(role, "role");
            if (replies.length == 0) {
                throw new IllegalArgumentException("reply(" + role.name() + ") needs at least one reply");
            }
            List<String> script = List.of(replies);
            byRole.put(role, request -> script.get(Math.min(request.context().roleTurn(), script.size() - 1)));
            return this;
        }

        /**
         * Answers a role with a function; it may throw a {@link ProviderException} to simulate a failure.
         *
         * @param role the role
         * @param responder the function (must be thread-safe when the mock is shared)
         * @return this builder
         */
        public Builder respond(AgentRole role, Function<ChatRequest, String> responder) {
            byRole.put(Objects.requireNonNull(role, "role"), Objects.requireNonNull(responder, "responder"));
            return this;
        }

        /**
         * Answers roles without a script.
         *
         * @param responder the function
         * @return this builder
         */
        public Builder fallback(Function<ChatRequest, String> responder) {
            this.fallback = Objects.requireNonNull(responder, "responder");
            return this;
        }

        /** Builds the mock. */
        public MockChatProvider build() {
            return new MockChatProvider(this);
        }
    }
}
