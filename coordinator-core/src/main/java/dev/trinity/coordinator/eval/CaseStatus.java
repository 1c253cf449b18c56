package dev.trinity.coordinator.eval;

/** The outcome of one case. */
public enum CaseStatus {
    /** Every check passed. */
    PASS("PASS"),
    /** A check failed; the first failing check is the reason. */
    FAIL("FAIL"),
    /** Checks were not asserted ({@code --no-assert}); counts as passed. */
    REPORT_ONLY("REPORT ONLY");

    private final String label;

    CaseStatus(String label) {
        this.label = label;
    }

    /** The label printed after the case id: {@code PASS}, {@code FAIL} or {@code REPORT ONLY}. */
    public String label() {
        return label;
    }

    /** Whether the case counts as passed. */
    public boolean passed() {
        return this != FAIL;
    }
}
