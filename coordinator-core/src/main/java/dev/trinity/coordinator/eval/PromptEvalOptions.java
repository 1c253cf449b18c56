package dev.trinity.coordinator.eval;

import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.SettingException;
import dev.trinity.coordinator.setting.Wording;

/**
 * How {@link PromptEval} checks the cases.
 *
 * @param minAgentMargin the agent-margin floor, or null to skip that check
 * @param minRoleMargin the role-margin floor, or null to skip that check
 * @param assertChecks true: a failing check fails the case; false ({@code --no-assert}): every case is
 *     {@link CaseStatus#REPORT_ONLY} and counts as passed (determinism mismatches still fail)
 * @param determinismRuns how many times each case is routed in this process (at least 1); runs 2..N must
 *     reproduce the first run's {@code route_hash}
 * @param snapshot the snapshot whose {@code agent_id}, {@code role_id}, {@code token_count} and
 *     {@code transcript_hash} each case must match, or null for no snapshot check
 * @param tokensOnly check only what needs no weights: {@code token_count} and {@code transcript_hash} against the
 *     snapshot (which is then required); decisions, margins and determinism runs are not checked
 * @param batchSize at most this many conversations per {@link CaseRouter#route} call (at least 1)
 */
public record PromptEvalOptions(Double minAgentMargin, Double minRoleMargin, boolean assertChecks,
                                int determinismRuns, PromptEvalSnapshot snapshot, boolean tokensOnly,
                                int batchSize) {

    /** The reference's agent-margin floor: 80% of the worst CUDA margin (0.3015 on {@code unicode_emoji}). */
    public static final double DEFAULT_MIN_AGENT_MARGIN = 0.24;
    /** The reference's role-margin floor: 80% of the worst CUDA margin (1.3352 on {@code root_cause}). */
    public static final double DEFAULT_MIN_ROLE_MARGIN = 1.06;
    /** The default number of conversations per batch. */
    public static final int DEFAULT_BATCH_SIZE = 8;

    /** Validates the options; {@code determinismRuns} below 1 becomes 1, as in the reference. */
    public PromptEvalOptions {
        determinismRuns = Math.max(1, determinismRuns);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        checkFloor(minAgentMargin, "min agent margin");
        checkFloor(minRoleMargin, "min role margin");
        if (tokensOnly && snapshot == null) {
            throw new SettingException(Wording.of(Setting.TOKENS_ONLY, " compares token counts and transcript hashes "
                    + "with a snapshot; pass one (", Setting.SNAPSHOT, ")"));
        }
        if (tokensOnly && determinismRuns > 1) {
            throw new SettingException(Wording.of(Setting.DETERMINISM_RUNS, " compare route hashes, which ",
                    Setting.TOKENS_ONLY, " does not compute; drop ", Setting.DETERMINISM_RUNS, " or ",
                    Setting.TOKENS_ONLY));
        }
    }

    private static void checkFloor(Double floor, String name) {
        if (floor != null && (floor.isNaN() || floor.isInfinite())) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + floor);
        }
    }

    /** A builder with the reference defaults: floors 0.24 / 1.06, assert mode, one run, no snapshot, batches of 8. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link PromptEvalOptions}. */
    public static final class Builder {
        private Double minAgentMargin = DEFAULT_MIN_AGENT_MARGIN;
        private Double minRoleMargin = DEFAULT_MIN_ROLE_MARGIN;
        private boolean assertChecks = true;
        private int determinismRuns = 1;
        private PromptEvalSnapshot snapshot;
        private boolean tokensOnly;
        private int batchSize = DEFAULT_BATCH_SIZE;

        private Builder() {
        }

        /** The agent-margin floor, or null to skip the check. */
        public Builder minAgentMargin(Double value) {
            this.minAgentMargin = value;
            return this;
        }

        /** The role-margin floor, or null to skip the check. */
        public Builder minRoleMargin(Double value) {
            this.minRoleMargin = value;
            return this;
        }

        /** Whether failing checks fail cases (false is {@code --no-assert}). */
        public Builder assertChecks(boolean value) {
            this.assertChecks = value;
            return this;
        }

        /** Routes per case in this process (values below 1 mean 1). */
        public Builder determinismRuns(int value) {
            this.determinismRuns = value;
            return this;
        }

        /** The snapshot to compare with, or null. */
        public Builder snapshot(PromptEvalSnapshot value) {
            this.snapshot = value;
            return this;
        }

        /** Tokens-only mode (needs a snapshot). */
        public Builder tokensOnly(boolean value) {
            this.tokensOnly = value;
            return this;
        }

        /** Conversations per router call, at least 1. */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** Validates and builds. */
        public PromptEvalOptions build() {
            return new PromptEvalOptions(minAgentMargin, minRoleMargin, assertChecks, determinismRuns, snapshot,
                    tokensOnly, batchSize);
        }
    }
}
