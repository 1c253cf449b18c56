package dev.trinity.coordinator.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.budget.DispatchInfo;
import dev.trinity.coordinator.provider.ProviderKind;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PoolCostEstimatorTest {

    private static ProviderPool pool(TokenPrice slotOnePrice) {
        List<SlotSpec> slots = new ArrayList<>();
        for (int id = 0; id < 3; id++) {
            TokenPrice price = id == 1 ? slotOnePrice : new TokenPrice(1.0, 2.0);
            slots.add(new SlotSpec(id, ProviderKind.MOCK, "m" + id, null, null, 200, 0.2, 30_000, null, price));
        }
        return new ProviderPool("priced", slots);
    }

    private static DispatchInfo dispatch(int agent, Integer in, Integer out) {
        return new DispatchInfo(ProviderKind.OPENAI, "m" + agent, "text", "live", 5, agent, "Worker", in, out);
    }

    @Test
    void should_price_each_dispatch_by_its_slot_and_the_reported_usage() {
        PoolCostEstimator estimator = PoolCostEstimator.of(pool(new TokenPrice(3.0, 15.0)));

        // slot 1: 1,000 prompt tokens at $3/M + 200 completion tokens at $15/M = 0.003 + 0.003
        assertThat(estimator.estimateUsd(dispatch(1, 1000, 200))).isCloseTo(0.006, Offset.offset(1e-15));
        // slot 0: 1,000 at $1/M + 200 at $2/M
        assertThat(estimator.estimateUsd(dispatch(0, 1000, 200))).isCloseTo(0.0014, Offset.offset(1e-15));
        assertThat(estimator.estimateUsd(dispatch(2, null, 200))).isNaN();
    }

    @Test
    void should_refuse_a_pool_with_an_unpriced_slot() {
        assertThatThrownBy(() -> PoolCostEstimator.of(pool(null)))
                .hasMessage("pool priced has no price_usd_per_million_tokens for slot(s) [1]");
        assertThatThrownBy(() -> PoolCostEstimator.of(ProviderPool.mock()))
                .hasMessage("pool mock has no price_usd_per_million_tokens for any slot");
        assertThat(PoolCostEstimator.ifPriced(pool(null))).isEmpty();
        assertThat(PoolCostEstimator.ifPriced(pool(new TokenPrice(0, 0)))).isPresent();
    }
}
