package dev.trinity.coordinator.budget;

/** Where in a turn the budgets are checked. */
public enum Checkpoint {
    /** Start of each turn, before extraction: wall time. */
    TURN_START("turn_start"),
    /** Before each HTTP attempt, after counting it: wall time, then provider calls. */
    BEFORE_DISPATCH("before_dispatch"),
    /** After a successful dispatch: latency, then cost. */
    AFTER_DISPATCH("after_dispatch"),
    /** After a Verifier turn that did not accept, after counting it: revisions. */
    AFTER_VERIFIER_REVISION("after_verifier_revision");

    private final String wireName;

    Checkpoint(String wireName) {
        this.wireName = wireName;
    }

    /** The name in budget details. */
    public String wireName() {
        return wireName;
    }
}
