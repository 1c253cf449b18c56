package dev.trinity.coordinator.eval;

/**
 * A case whose {@code route_hash} in a later run differed from the first run.
 *
 * @param caseId the case id
 * @param run the run that differed, 2..N
 * @param firstRouteHash the first run's hash
 * @param routeHash this run's hash
 */
public record DeterminismMismatch(String caseId, int run, String firstRouteHash, String routeHash) {
}
