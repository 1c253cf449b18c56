package dev.trinity.coordinator.setting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Messages that name settings: the library's names by default, a front end's on request. */
class WordingTest {

    @Test
    void should_name_settings_as_the_library_does_unless_a_front_end_renders_them() {
        Wording wording = Wording.of(Setting.DEVICE, " cuda:1 needs a CUDA GPU; or use ", Setting.DEVICE, " cpu");

        assertThat(wording).hasToString("device cuda:1 needs a CUDA GPU; or use device cpu");
        assertThat(wording.render(s -> "--" + s.libraryName())).isEqualTo("--device cuda:1 needs a CUDA GPU; or use "
                + "--device cpu");
    }

    @Test
    void should_keep_the_settings_of_wordings_it_is_made_of() {
        Wording fix = Wording.of("use ", Setting.COMPUTE_TYPE, " fp32");
        Wording line = Wording.of("loading: out of memory. ", fix).then(", or ", Setting.DEVICE, " cpu");

        assertThat(line.render(s -> s == Setting.DEVICE ? "--device" : "--dtype"))
                .isEqualTo("loading: out of memory. use --dtype fp32, or --device cpu");
        assertThat(Wording.of("n = ", 3, ", ", (Object) null)).hasToString("n = 3, null");
    }

    @Test
    void should_carry_the_wording_in_its_exceptions() {
        SettingException e = new SettingException(Wording.of(Setting.TOKENS_ONLY, " needs ", Setting.SNAPSHOT));

        assertThat(e).hasMessage("tokens-only mode needs the snapshot");
        assertThat(e.wording().render(s -> s.name())).isEqualTo("TOKENS_ONLY needs SNAPSHOT");
    }
}
