package dev.trinity.coordinator.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.provider.ProviderKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolFileTest {

    private static final String DEFAULTS = "\"defaults\": {\"provider\": \"openai-compatible\", "
            + "\"base_url\": \"http://host/v1\", \"model\": \"m\", \"api_key_env\": \"POOL_KEY\", "
            + "\"max_tokens\": 256, \"temperature\": 0.0, \"timeout_ms\": 30000}";

    @TempDir
    Path dir;

    @Test
    void should_merge_defaults_into_every_slot() {
        ProviderPool pool = PoolFile.parse("{\"name\": \"team\", " + DEFAULTS
                + ", \"slots\": [{\"id\": 3, \"model\": \"bigger-model\", \"label\": \"gpt-5\"},"
                + " {\"id\": 6, \"provider\": \"anthropic\", \"base_url\": null, \"model\": \"claude\"}]}", "t", 7);

        assertThat(pool.name()).isEqualTo("team");
        assertThat(pool.size()).isEqualTo(7);
        SlotSpec zero = pool.slot(0).orElseThrow();
        assertThat(zero).isEqualTo(new SlotSpec(0, ProviderKind.OPENAI_COMPATIBLE, "m", "http://host/v1", "POOL_KEY",
                256, 0.0, 30_000, null));
        assertThat(zero.label()).isEqualTo("agent_0");
        assertThat(pool.slot(3).orElseThrow().model()).isEqualTo("bigger-model");
        assertThat(pool.slot(3).orElseThrow().label()).isEqualTo("gpt-5");
        assertThat(pool.slot(6).orElseThrow().provider()).isEqualTo(ProviderKind.ANTHROPIC);
        assertThat(pool.slot(6).orElseThrow().baseUrl()).isEqualTo("http://host/v1");
    }

    @Test
    void should_read_prices_from_defaults_and_let_a_slot_replace_them() {
        ProviderPool pool = PoolFile.parse("{\"defaults\": {\"provider\": \"mock\", \"model\": \"x\", "
                + "\"price_usd_per_million_tokens\": {\"input\": 0.15, \"output\": 0.6}}, "
                + "\"slots\": [{\"id\": 2, \"price_usd_per_million_tokens\": {\"input\": 3, \"output\": 15}}]}", "t", 7);

        assertThat(pool.slot(0).orElseThrow().price()).isEqualTo(new TokenPrice(0.15, 0.6));
        assertThat(pool.slot(2).orElseThrow().price()).isEqualTo(new TokenPrice(3, 15));
        assertThat(pool.slot(6).orElseThrow().price().costUsd(2_000_000, 1_000_000)).isCloseTo(0.9,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(PoolFile.parse("{\"defaults\": {\"provider\": \"mock\", \"model\": \"x\"}}", "t", 7).slots())
                .allSatisfy(s -> assertThat(s.price()).isNull());
    }

    @Test
    void should_name_the_slot_of_a_bad_price() {
        assertThatThrownBy(() -> PoolFile.parse("{\"defaults\": {\"provider\": \"mock\", \"model\": \"x\"}, "
                + "\"slots\": [{\"id\": 3, \"price_usd_per_million_tokens\": {\"input\": 1}}]}", "f.json", 7))
                .hasMessage("pool file f.json: slot 3: price_usd_per_million_tokens: output must be a number >= 0 "
                        + "(USD per million tokens), got nothing");
        assertThatThrownBy(() -> PoolFile.parse("{\"defaults\": {\"provider\": \"mock\", \"model\": \"x\", "
                + "\"price_usd_per_million_tokens\": {\"input\": -1, \"output\": 2}}}", "f.json", 7))
                .hasMessageContaining("slot 0: price_usd_per_million_tokens: input must be a number >= 0");
        assertThatThrownBy(() -> PoolFile.parse("{\"defaults\": {\"provider\": \"mock\", \"model\": \"x\", "
                + "\"price_usd_per_million_tokens\": {\"in\": 1, \"output\": 2}}}", "f.json", 7))
                .hasMessageContaining("unknown key \"in\"; allowed keys are [input, output]");
        assertThatThrownBy(() -> PoolFile.parse("{\"defaults\": {\"provider\": \"mock\", \"model\": \"x\", "
                + "\"price_usd_per_million_tokens\": 0.5}}", "f.json", 7))
                .hasMessageContaining("must be an object {\"input\": X, \"output\": Y}");
    }

    @Test
    void should_allow_omitting_slots_and_apply_parameter_defaults() {
        ProviderPool pool = PoolFile.parse("{\"defaults\": {\"provider\": \"mock\", \"model\": \"x\"}}", "t", 7);

        assertThat(pool.slots()).allSatisfy(s -> {
            assertThat(s.maxTokens()).isEqualTo(200);
            assertThat(s.temperature()).isEqualTo(0.2);
            assertThat(s.timeoutMs()).isEqualTo(30_000);
        });
        assertThat(pool.name()).isEqualTo("t");
    }

    @Test
    void should_name_the_slot_and_field_for_each_error() {
        assertThatThrownBy(() -> PoolFile.parse("{" + DEFAULTS + ", \"slots\": [{\"id\": 2, \"modle\": \"x\"}]}",
                "f.json", 7)).hasMessage("pool file f.json: slot 2: unknown key \"modle\"; allowed keys are "
                + "[api_key_env, base_url, id, label, max_tokens, model, price_usd_per_million_tokens, provider, "
                + "temperature, timeout_ms]");
        assertThatThrownBy(() -> PoolFile.parse("{" + DEFAULTS + ", \"slots\": [{\"id\": 1}, {\"id\": 1}]}",
                "f.json", 7)).hasMessageContaining("slots[1]: duplicate slot id 1");
        assertThatThrownBy(() -> PoolFile.parse("{" + DEFAULTS + ", \"slots\": [{\"id\": 7}]}", "f.json", 7))
                .hasMessageContaining("slot id 7 is outside 0..6");
        assertThatThrownBy(() -> PoolFile.parse("{" + DEFAULTS + ", \"slots\": [{\"id\": 4, \"provider\": "
                + "\"gemini_cli\"}]}", "f.json", 7))
                .hasMessageContaining("slot 4: unknown provider \"gemini_cli\"");
        assertThatThrownBy(() -> PoolFile.parse("{\"defaults\": {\"provider\": \"openai-compatible\", "
                + "\"model\": \"m\"}}", "f.json", 7))
                .hasMessageContaining("slot 0").hasMessageContaining("needs base_url");
        assertThatThrownBy(() -> PoolFile.parse("{" + DEFAULTS + ", \"slots\": [{\"id\": 5, \"max_tokens\": "
                + "\"many\"}]}", "f.json", 7)).hasMessageContaining("slot 5: max_tokens must be an integer");
        assertThatThrownBy(() -> PoolFile.parse("{\"nam\": 1}", "f.json", 7))
                .hasMessageContaining("unknown key \"nam\"");
        assertThatThrownBy(() -> PoolFile.parse("{", "f.json", 7)).hasMessageContaining("not valid JSON");
    }

    @Test
    void should_resolve_names_and_files() throws Exception {
        Path file = dir.resolve("pool.json");
        Files.writeString(file, "{\"name\": \"filed\", \"defaults\": {\"provider\": \"mock\", \"model\": \"x\"}}");

        assertThat(ProviderPools.resolve("mock").name()).isEqualTo("mock");
        assertThat(ProviderPools.resolve(" default ").name()).isEqualTo("default");
        assertThat(ProviderPools.resolve(file.toString()).name()).isEqualTo("filed");
        assertThat(ProviderPools.resolve("gemini_cli_asm")).isEqualTo(ProviderPool.gemini());
        assertThat(ProviderPool.gemini().slots()).allSatisfy(s -> {
            assertThat(s.provider()).isEqualTo(ProviderKind.GEMINI);
            assertThat(s.model()).isEqualTo("gemini-3.1-flash-lite-preview");
            assertThat(s.apiKeyEnv()).isEqualTo("GEMINI_API_KEY");
        });
        assertThatThrownBy(() -> ProviderPools.resolve("team.json"))
                .hasMessageContaining("provider pool \"team.json\" is neither a built-in pool (mock, default, gemini)")
                .hasMessageContaining("nor an existing pool file");
    }
}
