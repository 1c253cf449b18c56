package dev.trinity.coordinator.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The divergence and plateau warnings of a run's history. */
class RunWarningsTest {

    private static List<EpochRecord> history(double[] scores, double[] losses) {
        List<EpochRecord> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            out.add(new EpochRecord(i + 1, new EpochMetrics(Map.of("expected-route", scores[i]), scores[i], losses[i],
                    0, 0, 0, scores[i], 10), null, false, 0.1));
        }
        return out;
    }

    @Test
    void a_loss_rising_two_epochs_in_a_row_is_divergence() {
        List<TrainingEvent.Warning> warnings = RunWarnings.after(3, history(new double[] {0.5, 0.6, 0.7},
                new double[] {1.0, 1.2, 1.5}));
        assertThat(warnings).extracting(TrainingEvent.Warning::kind).containsExactly("divergence");
        assertThat(warnings.get(0).toJson().toString()).contains("\"event\":\"training_warning\"")
                .contains("lower the learning rate");
        assertThat(RunWarnings.after(3, history(new double[] {0.5, 0.6, 0.7}, new double[] {1.0, 1.2, 1.05})))
                .isEmpty();
    }

    @Test
    void five_epochs_without_a_better_score_is_a_plateau() {
        double[] losses = {1, 0.9, 0.8, 0.7, 0.6, 0.5};
        assertThat(RunWarnings.after(6, history(new double[] {0.8, 0.7, 0.8, 0.6, 0.8, 0.8}, losses)))
                .extracting(TrainingEvent.Warning::kind).containsExactly("plateau");
        assertThat(RunWarnings.after(6, history(new double[] {0.8, 0.7, 0.8, 0.6, 0.8, 0.81}, losses))).isEmpty();
        assertThat(RunWarnings.after(5, history(new double[] {0.8, 0.7, 0.8, 0.6, 0.8}, new double[5]))).isEmpty();
    }
}
