package dev.trinity.coordinator.pool;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A governed authority packet: the production way to hand a run its pool and credential.
 *
 * <p>The packet carries opaque refs (authority, workflow, runtime, provider pool, credential), the pool, the API
 * key and base URL, and extra redaction values. Its credential answers every slot; the environment is never read.
 * The key, the base URL and the redaction values are scrubbed from traces. {@link #toString()} hides the key.
 *
 * @param authorityRef the authority ref
 * @param workflowRef the workflow ref
 * @param runtimeRef the runtime ref
 * @param providerPoolRef the provider pool ref
 * @param credentialRef the credential ref
 * @param pool the pool to bind
 * @param apiKey the API key, or null
 * @param baseUrl a base URL for slots without one, or null
 * @param redactionValues extra values to scrub
 */
public record GovernedAuthority(String authorityRef, String workflowRef, String runtimeRef, String providerPoolRef,
                                String credentialRef, ProviderPool pool, String apiKey, String baseUrl,
                                List<String> redactionValues) {

    /** Validates: the five refs non-blank (the first missing one is named), the pool present. */
    public GovernedAuthority {
        authorityRef = requireRef("authority_ref", authorityRef);
        workflowRef = requireRef("workflow_ref", workflowRef);
        runtimeRef = requireRef("runtime_ref", runtimeRef);
        providerPoolRef = requireRef("provider_pool_ref", providerPoolRef);
        credentialRef = requireRef("credential_ref", credentialRef);
        if (pool == null) {
            throw new IllegalArgumentException("governed authority: provider_pool is required");
        }
        redactionValues = List.copyOf(redactionValues == null ? List.of() : redactionValues);
    }

    /** The credential source of the packet: its API key for every lookup, never the environment. */
    public CredentialSource credentials() {
        String key = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        return name -> Optional.ofNullable(key);
    }

    /** The pool with the packet's base URL filled into slots that have none, and the credential ref as key name. */
    public ProviderPool effectivePool() {
        List<SlotSpec> slots = new ArrayList<>(pool.size());
        for (SlotSpec s : pool.slots()) {
            String url = s.baseUrl() == null && baseUrl != null && !baseUrl.isBlank() ? baseUrl.strip() : s.baseUrl();
            slots.add(new SlotSpec(s.id(), s.provider(), s.model(), url, credentialRef, s.maxTokens(),
                    s.temperature(), s.timeoutMs(), s.label(), s.price()));
        }
        return new ProviderPool(pool.name(), slots);
    }

    /** The redaction values, the key and the base URL: trimmed, non-empty, unique. */
    public Set<String> allRedactionValues() {
        Set<String> values = new LinkedHashSet<>();
        for (String v : redactionValues) {
            addNonBlank(values, v);
        }
        addNonBlank(values, apiKey);
        addNonBlank(values, baseUrl);
        return values;
    }

    private static void addNonBlank(Set<String> values, String value) {
        if (value != null && !value.isBlank()) {
            values.add(value.strip());
        }
    }

    private static String requireRef(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("governed authority: " + field + " is missing; every packet needs "
                    + "authority_ref, workflow_ref, runtime_ref, provider_pool_ref and credential_ref");
        }
        return value.strip();
    }

    @Override
    public String toString() {
        return "GovernedAuthority[authority=" + authorityRef + ", workflow=" + workflowRef + ", runtime=" + runtimeRef
                + ", pool=" + providerPoolRef + ", credential=" + credentialRef + ", key "
                + (apiKey == null ? "absent" : "<redacted>") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GovernedAuthority g && authorityRef.equals(g.authorityRef)
                && workflowRef.equals(g.workflowRef) && runtimeRef.equals(g.runtimeRef)
                && providerPoolRef.equals(g.providerPoolRef) && credentialRef.equals(g.credentialRef)
                && pool.equals(g.pool) && Objects.equals(apiKey, g.apiKey) && Objects.equals(baseUrl, g.baseUrl)
                && redactionValues.equals(g.redactionValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(authorityRef, workflowRef, runtimeRef, providerPoolRef, credentialRef, pool);
    }
}
