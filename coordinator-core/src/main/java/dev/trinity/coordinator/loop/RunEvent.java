package dev.trinity.coordinator.loop;

import dev.trinity.coordinator.pool.BoundSlot;
import dev.trinity.coordinator.provider.ChatResponse;
import dev.trinity.coordinator.provider.ProviderException;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.role.ThinkerSuggestion;
import dev.trinity.coordinator.role.VerifierVerdict;
import dev.trinity.coordinator.route.RoutingOptions;
import dev.trinity.coordinator.trace.Redactor;
import dev.trinity.coordinator.trace.TraceContent;
import java.util.Map;
import java.util.Objects;

/**
 * What happens in a run, as the loop reports it to {@link RunListener}s: typed records, in the order the loop
 * produces them.
 *
 * <p>A successful run gives {@link RunStarted}, then per turn {@link TurnStarted}, {@link VectorExtracted},
 * {@link RouteSelected}, {@link ProviderCallStarted}, {@link ProviderCallSucceeded} (or {@link ProviderCallFailed}),
 * {@link VerdictGiven} on Verifier turns and {@link TurnCompleted}, and ends with {@link RunCompleted}. Every
 * failure ends with exactly one {@link RunFailed}, after {@link BudgetExceeded} when a budget fired.
 *
 * <p>Events carry the run's own values (reply texts included); {@link Context#redactor()} scrubs the run's secrets
 * from anything a listener prints or stores, as the JSONL trace does.
 */
public sealed interface RunEvent {

    /**
     * What every event of a run shares.
     *
     * @param runId the run id
     * @param timestampMs when the event happened, epoch milliseconds
     * @param traceContent how much text the run's trace carries (hashes only, or the texts too)
     * @param redactor scrubs the run's secrets (pool keys, configured values); use it before printing or storing
     */
    record Context(String runId, long timestampMs, TraceContent traceContent, Redactor redactor) {

        /** Validates the fields. */
        public Context {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(traceContent, "traceContent");
            Objects.requireNonNull(redactor, "redactor");
        }
    }

    /**
     * The run and the moment of this event.
     *
     * @return the context
     */
    Context context();

    /**
     * Calls the method of {@code listener} that handles this event's type (for example
     * {@link RunListener#onRunStarted}).
     *
     * @param listener the listener
     */
    void deliverTo(RunListener listener);

    /**
     * The run started.
     *
     * @param context the run
     * @param runtimeMetadata the router's artifact identity (may be empty)
     * @param maxTurns the turn cap
     * @param numAgents the agent slots the router chooses from
     * @param numRoles the roles the router chooses from
     * @param mockPool whether every slot of the pool is the mock provider
     * @param providerPool the pool's name
     * @param governedAuthorityRef the governed authority the pool was bound from, or null
     */
    record RunStarted(Context context, Map<String, String> runtimeMetadata, int maxTurns, int numAgents,
                      int numRoles, boolean mockPool, String providerPool, String governedAuthorityRef)
            implements RunEvent {

        /** Copies the metadata. */
        public RunStarted {
            runtimeMetadata = Map.copyOf(runtimeMetadata);
        }

        @Override
        public void deliverTo(RunListener listener) {
            listener.onRunStarted(this);
        }
    }

    /**
     * A turn started.
     *
     * @param context the run
     * @param turn the turn, from 0
     * @param maxTurns the turn cap
     * @param transcriptHash the trace hash of the transcript the turn routes
     * @param messageCount the transcript's messages
     */
    record TurnStarted(Context context, int turn, int maxTurns, String transcriptHash, int messageCount)
            implements RunEvent {

        @Override
        public void deliverTo(RunListener listener) {
            listener.onTurnStarted(this);
        }
    }

    /**
     * The routing vector of the turn is ready (the reference's {@code slm_extracted}).
     *
     * @param context the run
     * @param turn the turn
     * @param route the router's raw decision, with how the vector was computed
     * @param transcriptHash the trace hash of the routed transcript
     */
    record VectorExtracted(Context context, int turn, TurnRoute route, String transcriptHash) implements RunEvent {

        @Override
        public void deliverTo(RunListener listener) {
            listener.onVectorExtracted(this);
        }
    }

    /**
     * The router picked the agent slot and the role (after any Thinker override).
     *
     * @param context the run
     * @param turn the turn
     * @param route the router's raw decision
     * @param role the role that acts
     * @param appliedSuggestion the Thinker suggestion that replaced the router's role, or null
     * @param routeLatencyMs the routing time (extraction and head)
     * @param routing how the router turns logits into a decision
     */
    record RouteSelected(Context context, int turn, TurnRoute route, AgentRole role,
                         ThinkerSuggestion appliedSuggestion, double routeLatencyMs, RoutingOptions routing)
            implements RunEvent {

        @Override
        public void deliverTo(RunListener listener) {
            listener.onRouteSelected(this);
        }
    }

    /**
     * A dispatch to the slot's provider starts (its attempts and retries follow).
     *
     * @param context the run
     * @param turn the turn
     * @param slot the slot and its provider
     * @param role the role the provider plays
     */
    record ProviderCallStarted(Context context, int turn, BoundSlot slot, AgentRole role) implements RunEvent {

        @Override
        public void deliverTo(RunListener listener) {
            listener.onProviderCallStarted(this);
        }
    }

    /**
     * The provider answered.
     *
     * @param context the run
     * @param turn the turn
     * @param slot the slot and its provider
     * @param role the role the provider played
     * @param response the reply
     * @param responseHash the trace hash of the reply
     * @param latencyMs the dispatch latency (all attempts and waits)
     * @param attempts the HTTP attempts
     */
    record ProviderCallSucceeded(Context context, int turn, BoundSlot slot, AgentRole role, ChatResponse response,
                                 String responseHash, long latencyMs, int attempts) implements RunEvent {

        @Override
        public void deliverTo(RunListener listener) {
            listener.onProviderCallSucceeded(this);
        }
    }

    /**
     * The dispatch failed: no retry was left, or a budget refused the next attempt after a failed one.
     *
     * @param context the run
     * @param turn the turn
     * @param slot the slot and its provider
     * @param role the role the provider played
     * @param error the last failure
     * @param latencyMs the dispatch latency (all attempts and waits)
     * @param attempts the HTTP attempts
     */
    record ProviderCallFailed(Context context, int turn, BoundSlot slot, AgentRole role, ProviderException error,
                              long latencyMs, int attempts) implements RunEvent {

        @Override
        public void deliverTo(RunListener listener) {
            listener.onProviderCallFailed(this);
        }
    }

    /**
     * A Verifier reply was parsed.
     *
     * @param context the run
     * @param turn the turn
     * @param verdict the parsed reply
     */
    record VerdictGiven(Context context, int turn, VerifierVerdict verdict) implements RunEvent {

        @Override
        public void deliverTo(RunListener listener) {
            listener.onVerdictGiven(this);
        }
    }

    /**
     * The turn's reply was stored and parsed.
     *
     * @param context the run
     * @param record the completed turn (reply text included)
     * @param transcriptHash the trace hash of the transcript the turn routed
     * @param slot the slot and its provider
     * @param verdict the Verifier's parsed reply (a non-Verifier turn gets a synthetic revised one)
     * @param thinkerSuggestion the suggestion a Thinker reply made for the next turn, or null
     * @param appliedSuggestion the earlier suggestion that chose this turn's role, or null
     * @param routing how the router turns logits into a decision
     * @param runtimeMetadata the router's artifact identity (may be empty)
     */
    record TurnCompleted(Context context, TurnRecord record, String transcriptHash, BoundSlot slot,
                         VerifierVerdict verdict, ThinkerSuggestion thinkerSuggestion,
                         ThinkerSuggestion appliedSuggestion, RoutingOptions routing,
                         Map<String, String> runtimeMetadata) implements RunEvent {

        /** Copies the metadata. */
        public TurnCompleted {
            runtimeMetadata = Map.copyOf(runtimeMetadata);
        }

        @Override
        public void deliverTo(RunListener listener) {
            listener.onTurnCompleted(this);
        }
    }

    /**
     * A budget fired; {@link RunFailed} follows.
     *
     * @param context the run
     * @param exceeded which budget, and what was observed
     */
    record BudgetExceeded(Context context, dev.trinity.coordinator.budget.BudgetExceeded exceeded)
            implements RunEvent {

        @Override
        public void deliverTo(RunListener listener) {
            listener.onBudgetExceeded(this);
        }
    }

    /**
     * The run ended with an answer: the Verifier accepted, or the turn cap came with one.
     *
     * @param context the run
     * @param turn the last turn (the turn cap when it ended the run)
     * @param result the result
     */
    record RunCompleted(Context context, int turn, RunResult.Success result) implements RunEvent {

        @Override
        public void deliverTo(RunListener listener) {
            listener.onRunCompleted(this);
        }
    }

    /**
     * The run failed.
     *
     * @param context the run
     * @param turn the turn it failed in, or null when it failed outside a turn
     * @param result the result
     * @param budget the budget that fired, or null when the failure is not a budget's
     */
    record RunFailed(Context context, Integer turn, RunResult.Failure result,
                     dev.trinity.coordinator.budget.BudgetExceeded budget) implements RunEvent {

        @Override
        public void deliverTo(RunListener listener) {
            listener.onRunFailed(this);
        }
    }
}
