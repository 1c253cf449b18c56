package dev.trinity.coordinator.budget;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A budget that fired.
 *
 * @param kind which budget
 * @param details the runbook's details: {@code limit_ms, elapsed_ms} / {@code limit, observed} /
 *     {@code limit_ms, observed_ms} / {@code limit_usd, observed_usd}, plus {@code checkpoint} and {@code turn}
 */
public record BudgetExceeded(BudgetKind kind, Map<String, Object> details) {

    /** Copies the details into an unmodifiable, ordered map. */
    public BudgetExceeded {
        Objects.requireNonNull(kind, "kind");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The checkpoint name from the details. */
    public String checkpoint() {
        return String.valueOf(details.get("checkpoint"));
    }
}
