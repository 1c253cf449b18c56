package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.loop.RunOptions;
import dev.trinity.coordinator.pool.AgentPool;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Builds the evaluators a config names: the built-ins and user classes. */
public final class Evaluators {

    private Evaluators() {
    }

    /**
     * The evaluators of a config, by id in config order.
     *
     * @param config the config
     * @param pool binds the provider pool, called only when an evaluator needs it
     * @return id to evaluator
     * @throws TrainingException one line naming the evaluator that cannot be built
     */
    public static Map<String, Evaluator> create(TrainingConfig config, Supplier<AgentPool> pool) {
        Map<String, Evaluator> out = new LinkedHashMap<>();
        for (TrainingConfig.EvaluatorSettings settings : config.evaluators()) {
            if (out.containsKey(settings.id())) {
                throw new TrainingException("pre-flight: evaluators: id \"" + settings.id() + "\" appears twice");
            }
            out.put(settings.id(), create(settings, pool));
        }
        return out;
    }

    private static Evaluator create(TrainingConfig.EvaluatorSettings settings, Supplier<AgentPool> pool) {
        if (settings.entrypoint() == null) {
            switch (settings.id()) {
                case ExpectedRouteEvaluator.ID:
                    try {
                        return ExpectedRouteEvaluator.of(settings.config());
                    } catch (IllegalArgumentException e) {
                        throw new TrainingException("pre-flight: evaluators: " + e.getMessage(), e);
                    }
                case VerifierAcceptEvaluator.ID:
                    int turns = settings.config().path("max_turns").asInt(RunOptions.DEFAULT_MAX_TURNS);
                    AgentPool bound;
                    try {
                        bound = pool.get();
                    } catch (RuntimeException e) {
                        throw new TrainingException("pre-flight: pool: " + e.getMessage(), e);
                    }
                    return new VerifierAcceptEvaluator(bound, RunOptions.builder().maxTurns(turns).build());
                default:
                    throw new TrainingException("pre-flight: evaluators: unknown evaluator \"" + settings.id()
                            + "\"; the built-ins are expected-route and verifier-accept, others need an \"entrypoint\" "
                            + "class name");
            }
        }
        try {
            Class<?> type = Class.forName(settings.entrypoint());
            if (!Evaluator.class.isAssignableFrom(type)) {
                throw new TrainingException("pre-flight: evaluators: " + settings.entrypoint() + " does not implement "
                        + Evaluator.class.getName());
            }
            try {
                Constructor<?> withConfig = type.getConstructor(JsonNode.class);
                return (Evaluator) withConfig.newInstance(settings.config());
            } catch (NoSuchMethodException e) {
                return (Evaluator) type.getConstructor().newInstance();
            }
        } catch (ClassNotFoundException e) {
            throw new TrainingException("pre-flight: evaluators: class " + settings.entrypoint() + " of evaluator \""
                    + settings.id() + "\" is not on the class path", e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof TrainingException t) {
                throw t;
            }
            throw new TrainingException("pre-flight: evaluators: cannot create " + settings.entrypoint()
                    + " (it needs a public constructor taking a JsonNode, or none): " + e, e);
        }
    }
}
