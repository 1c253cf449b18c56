package dev.trinity.coordinator.loop;

import java.util.Map;
import java.util.StringJoiner;

/**
 * A failed run as one line a person reads, from its kind and the runbook's detail fields: which budget ran out and
 * by how much, what the provider answered, or the details as {@code key value} pairs.
 */
final class FailureText {

    private FailureText() {
    }

    static String of(FailureKind kind, Map<String, Object> details) {
        if (kind == FailureKind.BUDGET_EXCEEDED && details.containsKey("budget")) {
            return budget(details);
        }
        if (details.get("message") != null) {
            return provider(kind, details);
        }
        StringJoiner facts = new StringJoiner(", ", " (", ")").setEmptyValue("");
        details.forEach((key, value) -> facts.add(key + " " + value));
        return kind.wireName() + facts;
    }

    /** {@code budget_exceeded: the provider_calls budget ran out at turn 1 (before_dispatch): 2 against a limit of 1}. */
    private static String budget(Map<String, Object> details) {
        String suffix = details.containsKey("limit_usd") ? "_usd" : details.containsKey("limit_ms") ? "_ms" : "";
        String unit = suffix.equals("_usd") ? " USD" : suffix.equals("_ms") ? " ms" : "";
        // wall time reports elapsed_ms, the others observed[_unit] (the runbook's field names)
        Object observed = details.containsKey("elapsed" + suffix) ? details.get("elapsed" + suffix)
                : details.get("observed" + suffix);
        return FailureKind.BUDGET_EXCEEDED.wireName() + ": the " + details.get("budget") + " budget ran out at turn "
                + details.get("turn") + " (" + details.get("checkpoint") + "): " + observed + unit
                + " against a limit of " + details.get("limit" + suffix) + unit;
    }

    /** {@code provider_timeout: <the provider's message> (slot 3, model m, HTTP 504, 3 attempt(s))}. */
    private static String provider(FailureKind kind, Map<String, Object> details) {
        StringJoiner facts = new StringJoiner(", ", " (", ")").setEmptyValue("");
        if (details.get("agent_id") != null) {
            facts.add("slot " + details.get("agent_id"));
        }
        if (details.get("model") != null) {
            facts.add("model " + details.get("model"));
        }
        if (details.get("http_status") != null) {
            facts.add("HTTP " + details.get("http_status"));
        }
        if (details.get("attempts") != null) {
            facts.add(details.get("attempts") + " attempt(s)");
        }
        return kind.wireName() + ": " + details.get("message") + facts;
    }
}
