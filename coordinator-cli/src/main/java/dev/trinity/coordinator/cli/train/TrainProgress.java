package dev.trinity.coordinator.cli.train;

import dev.trinity.coordinator.cli.StatusLine;
import dev.trinity.coordinator.train.EpochMetrics;
import dev.trinity.coordinator.train.TrainingEvent;
import dev.trinity.coordinator.train.TrainingListener;
import java.util.Locale;

/** The training progress bar on stderr: epoch, cases scored, score, best, ETA; one line per finished epoch. */
final class TrainProgress implements TrainingListener {

    private static final int BAR = 20;

    private final StatusLine line;
    private final int epochs;
    private final long start = System.nanoTime();
    private int epochsDone;
    private int firstEpoch = -1;
    private double best = Double.NEGATIVE_INFINITY;
    private String checkpoint = "";

    TrainProgress(StatusLine line, int epochs) {
        this.line = line;
        this.epochs = epochs;
    }

    @Override
    public void onEvent(TrainingEvent event) {
        if (event instanceof TrainingEvent.Progress p) {
            if (firstEpoch < 0) {
                firstEpoch = p.epoch();
            }
            if (p.caseIndex() % 25 == 0) {
                line.show(String.format(Locale.ROOT, "epoch %d/%d %s scoring case %d | best %s | ETA %s", p.epoch(),
                        epochs, bar(p.epoch() - 1), p.caseIndex() + 1, best(), eta()));
            }
        } else if (event instanceof TrainingEvent.CheckpointWritten c) {
            checkpoint = " checkpoint v" + c.checkpoint().configVersion() + (c.checkpoint().isBest() ? " (best)" : "");
        } else if (event instanceof TrainingEvent.EpochComplete e) {
            if (firstEpoch < 0) {
                firstEpoch = e.epoch();
            }
            epochsDone = e.epoch() - firstEpoch + 1;
            EpochMetrics m = e.metrics();
            best = Math.max(best, m.score());
            line.finish(String.format(Locale.ROOT, "epoch %d/%d %s score %.4f (train %.4f) loss %.4f accuracy %.3f"
                    + " | best %s | ETA %s%s", e.epoch(), epochs, bar(e.epoch()), m.score(), m.trainScore(), m.loss(),
                    m.bothAccuracy(), best(), eta(e.epoch()), checkpoint));
            checkpoint = "";
        } else if (event instanceof TrainingEvent.Warning w) {
            line.finish("warning: " + w.message());
        }
    }

    private String bar(int done) {
        int filled = epochs == 0 ? BAR : done * BAR / epochs;
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    private String best() {
        return best == Double.NEGATIVE_INFINITY ? "-" : String.format(Locale.ROOT, "%.4f", best);
    }

    private String eta() {
        return eta(firstEpoch - 1 + epochsDone);
    }

    private String eta(int epochReached) {
        if (epochsDone == 0) {
            return "?";
        }
        double perEpoch = (System.nanoTime() - start) / 1e9 / epochsDone;
        return String.format(Locale.ROOT, "%.0fs", perEpoch * Math.max(0, epochs - epochReached));
    }
}
