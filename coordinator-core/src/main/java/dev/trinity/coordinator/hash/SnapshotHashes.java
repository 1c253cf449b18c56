package dev.trinity.coordinator.hash;

import dev.trinity.coordinator.conversation.Message;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The prompt-eval snapshot hashes of the reference: {@code transcript_hash} and {@code route_hash}.
 *
 * <p>Both are lowercase hex SHA-256 of {@code term_to_binary(term, [compressed])} ({@link ErlangTerms}):
 * <ul>
 *   <li>{@code transcript_hash}: the message list as maps with <em>atom</em> keys, written in the order
 *       {@code role}, then {@code content} (the order OTP 26+ uses for these two atoms; it is not alphabetical).
 *       This is not the trace variant ({@link TraceHash#messages}), which uses string keys.</li>
 *   <li>{@code route_hash}: {@code [agent_id, role_id, [logits rounded to 6 decimals]]}, each rounded logit
 *       encoded as a float, even when integral.</li>
 * </ul>
 */
public final class SnapshotHashes {

    private static final Atom ROLE = Atom.of("role");
    private static final Atom CONTENT = Atom.of("content");
    private static final int ROUTE_DECIMALS = 6;

    private SnapshotHashes() {
    }

    /**
     * The snapshot {@code transcript_hash} of a conversation.
     *
     * @param messages the conversation in order (role wire names such as {@code user} are hashed as written)
     * @return 64 lowercase hex digits
     */
    public static String transcriptHash(List<Message> messages) {
        Objects.requireNonNull(messages, "messages");
        List<Object> term = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Map<Object, Object> map = new LinkedHashMap<>();
            map.put(ROLE, message.role().wireName());
            map.put(CONTENT, message.content());
            term.add(map);
        }
        return ErlangTerms.sha256Hex(term);
    }

    /**
     * The snapshot {@code route_hash} of a decision.
     *
     * @param agentId the selected agent slot
     * @param roleId the selected role id
     * @param logits all logits, agents then roles (10 for the Sakana head)
     * @return 64 lowercase hex digits
     */
    public static String routeHash(int agentId, int roleId, float[] logits) {
        Objects.requireNonNull(logits, "logits");
        double[] widened = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            widened[i] = logits[i];
        }
        return routeHash(agentId, roleId, widened);
    }

    /**
     * The snapshot {@code route_hash} from double values: raw logits widened from float, or values already
     * rounded to 6 decimals (rounding is idempotent, so a snapshot's {@code *_logits_rounded} hash as they are).
     *
     * @param agentId the selected agent slot
     * @param roleId the selected role id
     * @param logits all logits, agents then roles
     * @return 64 lowercase hex digits
     */
    public static String routeHash(int agentId, int roleId, double[] logits) {
        Objects.requireNonNull(logits, "logits");
        List<Object> rounded = new ArrayList<>(logits.length);
        for (double logit : logits) {
            rounded.add(round(logit, ROUTE_DECIMALS));
        }
        return ErlangTerms.sha256Hex(List.of(agentId, roleId, rounded));
    }

    /**
     * Elixir's {@code Float.round(x, places)}: exact decimal rounding of the double, ties away from zero, with the
     * sign kept when the result is zero ({@code -1e-9} gives {@code -0.0}).
     *
     * @param x the value (a float logit widens exactly)
     * @param places decimal places, 0..15
     * @return the nearest double to the rounded decimal
     * @throws IllegalArgumentException for NaN or infinite values, which Elixir floats cannot hold
     */
    public static double round(double x, int places) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("cannot round non-finite value " + x);
        }
        if (places < 0 || places > 15) {
            throw new IllegalArgumentException("places must be in 0..15, got " + places);
        }
        double rounded = new BigDecimal(x).setScale(places, RoundingMode.HALF_UP).doubleValue();
        return rounded == 0.0 ? Math.copySign(0.0, x) : rounded;
    }
}
