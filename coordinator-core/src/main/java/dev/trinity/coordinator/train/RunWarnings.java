package dev.trinity.coordinator.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The warnings a training run gives after an epoch, as a function of its history. */
final class RunWarnings {

    /** Epochs without a new best before a plateau warning. */
    static final int PLATEAU_EPOCHS = 5;

    private RunWarnings() {
    }

    /**
     * The warnings after an epoch: divergence (validation loss up two epochs in a row, by over 10% in all) and
     * plateau (no better validation score in the last {@value #PLATEAU_EPOCHS} epochs).
     */
    static List<TrainingEvent.Warning> after(int epoch, List<EpochRecord> history) {
        List<TrainingEvent.Warning> out = new ArrayList<>();
        int n = history.size();
        if (n >= 3) {
            double a = history.get(n - 3).metrics().loss();
            double b = history.get(n - 2).metrics().loss();
            double c = history.get(n - 1).metrics().loss();
            if (b > a && c > b && c > 1.1 * a) {
                out.add(new TrainingEvent.Warning(epoch, "divergence", String.format(Locale.ROOT, "validation loss "
                        + "rose two epochs in a row (%.4f, %.4f, %.4f); lower the learning rate or sigma0", a, b, c)));
            }
        }
        if (n > PLATEAU_EPOCHS) {
            double best = history.stream().limit(n - PLATEAU_EPOCHS).mapToDouble(r -> r.metrics().score()).max()
                    .orElse(0);
            boolean improved = history.stream().skip(n - PLATEAU_EPOCHS).anyMatch(r -> r.metrics().score() > best);
            if (!improved) {
                out.add(new TrainingEvent.Warning(epoch, "plateau", "no better validation score in the last "
                        + PLATEAU_EPOCHS + " epochs (best " + best + "); more epochs will probably not help"));
            }
        }
        return out;
    }
}
