package dev.trinity.coordinator.cli.options;

import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.pool.GovernedAuthority;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.pool.SlotSpec;
import dev.trinity.coordinator.provider.ProviderKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The governed credential packet of the reference's route demo as {@code run} flags (spec §8.6, §10.1): five refs,
 * the provider and model every slot calls, a base URL and the key. The packet's key answers every slot and the
 * environment is never read for credentials (except the one variable {@code --governed-api-key-env} names); key
 * and base URL are scrubbed from traces and output.
 */
public final class GovernedOptions {

    @Option(names = "--governed-authority-ref", paramLabel = "REF",
            description = "Run under a governed authority packet (no --allow-live needed; no --mock or "
                    + "--provider-pool: the packet carries the pool and the credential).")
    String authorityRef;

    @Option(names = "--governed-workflow-ref", paramLabel = "REF", description = "The packet's workflow ref.")
    String workflowRef;

    @Option(names = "--governed-runtime-ref", paramLabel = "REF", description = "The packet's runtime ref.")
    String runtimeRef;

    @Option(names = "--governed-provider-pool-ref", paramLabel = "REF",
            description = "The packet's provider pool ref.")
    String providerPoolRef;

    @Option(names = "--governed-credential-ref", paramLabel = "REF", description = "The packet's credential ref.")
    String credentialRef;

    @Option(names = "--governed-provider", paramLabel = "KIND", defaultValue = "openai",
            description = "The provider of every slot: openai, openai-compatible, anthropic or gemini "
                    + "(default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--governed-model", paramLabel = "MODEL", defaultValue = "gpt-4o-mini",
            description = "The model of every slot (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--governed-base-url", paramLabel = "URL",
            description = "The base URL of every slot (needed for openai-compatible; scrubbed from traces).")
    String baseUrl;

    @Option(names = "--governed-api-key-env", paramLabel = "VAR",
            description = "The environment variable holding the packet's API key (preferred: keeps the key out "
                    + "of the process list and shell history).")
    String apiKeyEnv;

    @Option(names = "--governed-api-key", paramLabel = "KEY",
            description = "The packet's API key itself, as in the reference (visible to other users of this "
                    + "machine through the process list; prefer --governed-api-key-env).")
    String apiKey;

    /** Whether any governed flag was given. */
    public boolean given() {
        return authorityRef != null || workflowRef != null || runtimeRef != null || providerPoolRef != null
                || credentialRef != null || baseUrl != null || apiKeyEnv != null || apiKey != null;
    }

    /**
     * The packet: a pool of every router slot on the governed provider and model (max tokens 128, temperature 0.0,
     * as the reference's demo), the key, the base URL.
     *
     * @param slots the number of agent slots
     * @param env the environment, read only for the variable {@code --governed-api-key-env} names
     * @throws CliFailure a usage error naming the flag
     */
    public GovernedAuthority packet(int slots, Map<String, String> env) {
        if (authorityRef == null) {
            throw CliFailure.usage("the --governed-* flags describe a governed authority packet; pass "
                    + "--governed-authority-ref too");
        }
        ProviderKind kind;
        try {
            kind = ProviderKind.parse(provider);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--governed-provider: " + CliFailure.messageOf(e));
        }
        if (kind == ProviderKind.MOCK) {
            throw CliFailure.usage("--governed-provider mock: governed runs cannot be mocked");
        }
        if (apiKey != null && apiKeyEnv != null) {
            throw CliFailure.usage("--governed-api-key and --governed-api-key-env both give the key; pass one");
        }
        String key = apiKey;
        if (apiKeyEnv != null) {
            key = env.get(apiKeyEnv);
            if (key == null || key.isBlank()) {
                throw CliFailure.usage("--governed-api-key-env " + apiKeyEnv + ": the variable is not set");
            }
        }
        if (key == null || key.isBlank()) {
            throw CliFailure.usage("a governed run needs the packet's API key (the environment is not searched); "
                    + "pass --governed-api-key-env VAR or --governed-api-key KEY");
        }
        List<SlotSpec> specs = new ArrayList<>(slots);
        try {
            for (int id = 0; id < slots; id++) {
                specs.add(new SlotSpec(id, kind, model, baseUrl, null, 128, 0.0, 30_000, "governed_" + id));
            }
            return new GovernedAuthority(authorityRef, workflowRef, runtimeRef, providerPoolRef, credentialRef,
                    new ProviderPool("governed:" + (providerPoolRef == null ? "" : providerPoolRef.strip()), specs),
                    key, baseUrl, List.of());
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(flagsIn(CliFailure.messageOf(e)));
        }
    }

    /** {@code workflow_ref} in a packet message reads {@code --governed-workflow-ref} on the command line. */
    private static String flagsIn(String message) {
        String text = message;
        for (String field : List.of("authority_ref", "workflow_ref", "runtime_ref", "provider_pool_ref",
                "credential_ref")) {
            text = text.replace(field, "--governed-" + field.replace('_', '-').toLowerCase(Locale.ROOT));
        }
        return text.replace("base_url", "--governed-base-url");
    }
}
