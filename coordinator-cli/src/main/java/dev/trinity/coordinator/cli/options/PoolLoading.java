package dev.trinity.coordinator.cli.options;

import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.CredentialSource;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.pool.ProviderPools;
import dev.trinity.coordinator.provider.MockChatProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --provider-pool}: a built-in pool name or a pool file, read and bound the same way by every command. */
public final class PoolLoading {

    private PoolLoading() {
    }

    /**
     * Reads the pool a {@code --provider-pool} value names.
     *
     * @param name a built-in pool name or a pool JSON file
     * @return the pool
     * @throws CliFailure a usage error naming the flag
     */
    public static ProviderPool resolve(String name) {
        if (!ProviderPools.isBuiltIn(name) && !Files.isRegularFile(Path.of(name))) {
            throw CliFailure.usage("--provider-pool " + name + ": no such file (built-in pools: "
                    + String.join(", ", ProviderPools.builtInNames()) + ")");
        }
        try {
            return ProviderPools.resolve(name);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--provider-pool: " + CliFailure.messageOf(e));
        }
    }

    /**
     * Binds a pool's slots to providers: credentials from the environment, the role-playing mock for mock slots.
     *
     * @param pool the pool (the caller has decided whether live providers are allowed)
     * @return the bound pool
     * @throws CliFailure a usage error when a slot cannot be bound
     */
    public static AgentPool bind(ProviderPool pool) {
        try {
            return AgentPool.builder(pool).credentials(CredentialSource.environment())
                    .mockProvider(MockChatProvider.rolePlaying()).build();
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
    }
}
