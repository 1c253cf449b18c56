package dev.trinity.coordinator.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.provider.AnthropicProvider;
import dev.trinity.coordinator.provider.ChatProvider;
import dev.trinity.coordinator.provider.GeminiProvider;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.provider.OpenAiCompatibleProvider;
import dev.trinity.coordinator.provider.ProviderKind;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.SettingException;
import dev.trinity.coordinator.setting.Wording;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * A {@link ProviderPool} bound to provider instances and credentials: what the loop dispatches to.
 *
 * <p>Binding resolves every credential up front, so a missing key is one error naming the slot and the variable
 * before anything runs. Immutable and shareable between runs. {@link #secretValues()} feeds trace redaction.
 */
public final class AgentPool {

    private final ProviderPool pool;
    private final List<BoundSlot> slots;
    private final Set<String> secretValues;
    private final String governedAuthorityRef;

    private AgentPool(ProviderPool pool, List<BoundSlot> slots, Set<String> secretValues, String governedRef) {
        this.pool = pool;
        this.slots = List.copyOf(slots);
        this.secretValues = Set.copyOf(secretValues);
        this.governedAuthorityRef = governedRef;
    }

    /**
     * A builder.
     *
     * @param pool the pool to bind
     * @return the builder
     */
    public static Builder builder(ProviderPool pool) {
        return new Builder(pool);
    }

    /**
     * The offline mock team on the seven slots of {@link ProviderPool#mock()}: a Thinker that steers, a Worker that
     * computes, a Verifier that recomputes and answers ACCEPT or REVISE ({@link MockChatProvider#rolePlaying()}). No
     * network, no credential: for demos and tests of the whole loop.
     *
     * @return the bound pool
     */
    public static AgentPool mockTeam() {
        return builder(ProviderPool.mock()).mockProvider(MockChatProvider.rolePlaying()).build();
    }

    /**
     * Binds a governed authority packet: its pool, its credential (never the environment), its redaction values.
     *
     * @param packet the packet
     * @param client the HTTP client, or null for {@link #defaultHttpClient()}
     * @return the bound pool
     * @throws IllegalArgumentException when the packet's pool has mock slots (governed runs cannot be mocked)
     */
    public static AgentPool governed(GovernedAuthority packet, OkHttpClient client) {
        if (packet.pool().slots().stream().anyMatch(s -> s.provider() == ProviderKind.MOCK)) {
            throw new IllegalArgumentException("governed authority " + packet.authorityRef()
                    + ": the provider pool has mock slots; governed runs cannot be mocked");
        }
        Builder builder = builder(packet.effectivePool()).credentials(packet.credentials());
        if (client != null) {
            builder.httpClient(client);
        }
        builder.redactionValues(packet.allRedactionValues());
        builder.governedAuthorityRef = packet.authorityRef();
        return builder.build();
    }

    /** An OkHttp client with connection retries off, a 10 s connect timeout and no read or write limit of its own. */
    public static OkHttpClient defaultHttpClient() {
        return new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ZERO) // no limit of its own: each call is bounded by its slot's timeout_ms
                .writeTimeout(Duration.ZERO)
                .build();
    }

    /** The pool configuration. */
    public ProviderPool pool() {
        return pool;
    }

    /** The number of slots. */
    public int size() {
        return slots.size();
    }

    /** The bound slot with this id, or empty when the pool has no such slot. */
    public Optional<BoundSlot> slot(int id) {
        return id >= 0 && id < slots.size() ? Optional.of(slots.get(id)) : Optional.empty();
    }

    /** True when every slot is the mock provider. */
    public boolean allMock() {
        return pool.allMock();
    }

    /** The credential values and configured redaction values, for trace redaction. */
    public Set<String> secretValues() {
        return secretValues;
    }

    /** The governed authority ref, when bound from a packet. */
    public Optional<String> governedAuthorityRef() {
        return Optional.ofNullable(governedAuthorityRef);
    }

    @Override
    public String toString() {
        return "AgentPool[" + pool.name() + ", " + slots.size() + " slots]";
    }

    /** Builds an {@link AgentPool}. */
    public static final class Builder {
        private final ProviderPool pool;
        private CredentialSource credentials = CredentialSource.none();
        private OkHttpClient httpClient;
        private ChatProvider mockProvider = MockChatProvider.defaults();
        private ObjectMapper mapper = new ObjectMapper();
        private Clock clock = Clock.systemUTC();
        private final Set<String> redactionValues = new LinkedHashSet<>();
        private String governedAuthorityRef;

        private Builder(ProviderPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
        }

        /** Where credentials come from (default: none). */
        public Builder credentials(CredentialSource value) {
            this.credentials = Objects.requireNonNull(value, "credentials");
            return this;
        }

        /** The shared HTTP client; build it with {@code retryOnConnectionFailure(false)}. */
        public Builder httpClient(OkHttpClient value) {
            this.httpClient = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /** The provider serving mock slots (default: {@link MockChatProvider#defaults()}). */
        public Builder mockProvider(ChatProvider value) {
            this.mockProvider = Objects.requireNonNull(value, "mockProvider");
            return this;
        }

        /** The JSON mapper shared by the HTTP providers. */
        public Builder mapper(ObjectMapper value) {
            this.mapper = Objects.requireNonNull(value, "mapper");
            return this;
        }

        /** The clock for Retry-After dates. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Extra values to scrub from traces (for example a private base URL). */
        public Builder redactionValues(Iterable<String> values) {
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    redactionValues.add(value.strip());
                }
            }
            return this;
        }

        /**
         * Binds every slot.
         *
         * @return the pool
         * @throws IllegalArgumentException naming the slot and the variable when a credential is missing
         */
        public AgentPool build() {
            OkHttpClient client = null;
            Set<String> secrets = new LinkedHashSet<>(redactionValues);
            List<BoundSlot> bound = new ArrayList<>(pool.size());
            for (SlotSpec spec : pool.slots()) {
                if (spec.provider() == ProviderKind.MOCK) {
                    bound.add(new BoundSlot(spec, mockProvider));
                    continue;
                }
                if (client == null) {
                    client = httpClient != null ? httpClient : defaultHttpClient();
                }
                String key = resolveKey(spec);
                if (key != null) {
                    secrets.add(key);
                }
                bound.add(new BoundSlot(spec, provider(spec, key, client)));
            }
            return new AgentPool(pool, bound, secrets, governedAuthorityRef);
        }

        private String resolveKey(SlotSpec spec) {
            boolean required = spec.provider() != ProviderKind.OPENAI_COMPATIBLE;
            String where = "pool " + pool.name() + ": slot " + spec.id() + " (" + spec.provider().wireName() + " "
                    + spec.model() + ")";
            if (spec.apiKeyEnv() == null) {
                if (required) {
                    throw new IllegalArgumentException(where + " needs an API key: set api_key_env to the name of "
                            + "the environment variable that holds it");
                }
                return null;
            }
            return credentials.lookup(spec.apiKeyEnv()).orElseThrow(() -> new SettingException(Wording.of(where
                    + ": credential " + spec.apiKeyEnv() + " is not set; export it, or run with ", Setting.MOCK_POOL)));
        }

        private ChatProvider provider(SlotSpec spec, String key, OkHttpClient client) {
            switch (spec.provider()) {
                case OPENAI:
                    return OpenAiCompatibleProvider.builder(client,
                                    spec.baseUrl() == null ? OpenAiCompatibleProvider.OPENAI_BASE_URL : spec.baseUrl())
                            .kind(ProviderKind.OPENAI).apiKey(key).mapper(mapper).clock(clock).build();
                case OPENAI_COMPATIBLE:
                    return OpenAiCompatibleProvider.builder(client, spec.baseUrl())
                            .kind(ProviderKind.OPENAI_COMPATIBLE).apiKey(key).mapper(mapper).clock(clock).build();
                case ANTHROPIC:
                    return AnthropicProvider.create(client,
                            spec.baseUrl() == null ? AnthropicProvider.ANTHROPIC_BASE_URL : spec.baseUrl(), key,
                            mapper, clock);
                case GEMINI:
                    return GeminiProvider.create(client,
                            spec.baseUrl() == null ? GeminiProvider.GEMINI_BASE_URL : spec.baseUrl(), key, mapper,
                            clock);
                default:
                    throw new IllegalArgumentException("slot " + spec.id() + ": unsupported provider "
                            + spec.provider());
            }
        }
    }
}
