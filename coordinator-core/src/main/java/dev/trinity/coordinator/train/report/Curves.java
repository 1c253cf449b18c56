package dev.trinity.coordinator.train.report;

import dev.trinity.coordinator.train.EpochRecord;
import dev.trinity.coordinator.train.TrainingResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Score and loss per epoch: validation score (left axis, 0-1), training score, and loss (right axis), epoch 0 being
 * the starting router; the best checkpoint is ringed.
 */
public final class Curves {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 400;
    private static final int LEFT = 60;
    private static final int RIGHT = 60;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private Curves() {
    }

    /** Writes both pictures. */
    public static void write(TrainingResult result, Path svg, Path png) throws IOException {
        Files.writeString(svg, svg(result), StandardCharsets.UTF_8);
        png(result, png);
    }

    /** The SVG: deterministic text (same result, same bytes). */
    public static String svg(TrainingResult result) {
        List<EpochRecord> history = result.history();
        int epochs = history.size();
        double maxLoss = result.baseline().loss();
        for (EpochRecord r : history) {
            maxLoss = Math.max(maxLoss, r.metrics().loss());
        }
        maxLoss = maxLoss <= 0 ? 1 : maxLoss * 1.05;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(WIDTH / 2.0, 22, "middle", "bold", "Training " + escape(result.workflowId())
                + ": validation score and loss per epoch"));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                + "stroke=\"#888\"/>\n", LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotH * (1 - i / 4.0);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
                    LEFT, y, LEFT + plotW, y));
            s.append(text(LEFT - 6, y + 4, "end", null, String.format(Locale.ROOT, "%.2f", i / 4.0)));
            s.append(text(LEFT + plotW + 6, y + 4, "start", null, String.format(Locale.ROOT, "%.3g", maxLoss * i / 4.0)));
        }
        for (int e = 0; e <= epochs; e++) {
            double x = x(e, epochs, plotW);
            s.append(text(x, TOP + plotH + 16, "middle", null, Integer.toString(e)));
        }
        s.append(text(LEFT + plotW / 2, HEIGHT - 12, "middle", null, "epoch (0 = starting router)"));
        s.append(text(14, TOP + plotH / 2, "middle", null, "score").replace("<text ", "<text transform=\"rotate(-90 14 "
                + (TOP + plotH / 2) + ")\" "));
        s.append(text(WIDTH - 10, TOP + plotH / 2, "middle", null, "loss").replace("<text ",
                "<text transform=\"rotate(90 " + (WIDTH - 10) + " " + (TOP + plotH / 2) + ")\" "));
        StringBuilder score = new StringBuilder();
        StringBuilder train = new StringBuilder();
        StringBuilder loss = new StringBuilder();
        point(score, 0, result.baseline().score(), 1, epochs, plotW, plotH);
        point(train, 0, result.baseline().trainScore(), 1, epochs, plotW, plotH);
        point(loss, 0, result.baseline().loss(), maxLoss, epochs, plotW, plotH);
        for (EpochRecord r : history) {
            point(score, r.epoch(), r.metrics().score(), 1, epochs, plotW, plotH);
            point(train, r.epoch(), r.metrics().trainScore(), 1, epochs, plotW, plotH);
            point(loss, r.epoch(), r.metrics().loss(), maxLoss, epochs, plotW, plotH);
        }
        s.append(polyline(score, "#1f77b4", null));
        s.append(polyline(train, "#1f77b4", "4 3"));
        s.append(polyline(loss, "#d62728", null));
        double bx = x(result.bestEpoch(), epochs, plotW);
        double by = TOP + plotH * (1 - result.bestScore());
        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"none\" stroke=\"#2ca02c\" "
                + "stroke-width=\"2\"/>\n", bx, by));
        s.append(text(bx, by - 12, "middle", null, String.format(Locale.ROOT, "best %.3f", result.bestScore())));
        int ly = TOP + 14;
        s.append(legend(LEFT + 10, ly, "#1f77b4", null, "validation score"));
        s.append(legend(LEFT + 10, ly + 16, "#1f77b4", "4 3", "training score"));
        s.append(legend(LEFT + 10, ly + 32, "#d62728", null, "validation loss (right axis)"));
        s.append("</svg>\n");
        return s.toString();
    }

    private static double x(int epoch, int epochs, double plotW) {
        return LEFT + plotW * epoch / Math.max(1, epochs);
    }

    private static void point(StringBuilder points, int epoch, double value, double max, int epochs, double plotW,
                              double plotH) {
        double v = Double.isFinite(value) ? Math.max(0, Math.min(max, value)) : 0;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(epoch, epochs, plotW), TOP + plotH * (1 - v / max)));
    }

    private static String polyline(StringBuilder points, String color, String dash) {
        return "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\""
                + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + " points=\""
                + points.toString().strip() + "\"/>\n";
    }

    private static String legend(int x, int y, String color, String dash, String label) {
        return "<line x1=\"" + x + "\" y1=\"" + (y - 4) + "\" x2=\"" + (x + 24) + "\" y2=\"" + (y - 4)
                + "\" stroke=\"" + color + "\" stroke-width=\"2\"" + (dash == null ? "" : " stroke-dasharray=\"" + dash
                + "\"") + "/>\n" + text(x + 30, y, "start", null, label);
    }

    private static String text(double x, double y, String anchor, String weight, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>\n", x, y, anchor,
                weight == null ? "" : " font-weight=\"" + weight + "\"", content);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The PNG, drawn by JFreeChart (headless). */
    public static void png(TrainingResult result, Path file) throws IOException {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        XYSeries score = new XYSeries("validation score");
        XYSeries train = new XYSeries("training score");
        XYSeries loss = new XYSeries("validation loss");
        score.add(0, result.baseline().score());
        train.add(0, result.baseline().trainScore());
        loss.add(0, result.baseline().loss());
        for (EpochRecord r : result.history()) {
            score.add(r.epoch(), r.metrics().score());
            train.add(r.epoch(), r.metrics().trainScore());
            loss.add(r.epoch(), r.metrics().loss());
        }
        XYSeriesCollection scores = new XYSeriesCollection();
        scores.addSeries(score);
        scores.addSeries(train);
        NumberAxis epochAxis = new NumberAxis("epoch (0 = starting router)");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis scoreAxis = new NumberAxis("score");
        scoreAxis.setRange(0, 1.05);
        XYLineAndShapeRenderer scoreRenderer = new XYLineAndShapeRenderer(true, true);
        scoreRenderer.setSeriesPaint(0, new Color(0x1f77b4));
        scoreRenderer.setSeriesPaint(1, new Color(0x1f77b4));
        scoreRenderer.setSeriesStroke(1, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        XYPlot plot = new XYPlot(scores, epochAxis, scoreAxis, scoreRenderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        NumberAxis lossAxis = new NumberAxis("loss");
        plot.setRangeAxis(1, lossAxis);
        plot.setDataset(1, new XYSeriesCollection(loss));
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer lossRenderer = new XYLineAndShapeRenderer(true, true);
        lossRenderer.setSeriesPaint(0, new Color(0xd62728));
        plot.setRenderer(1, lossRenderer);
        plot.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(result.bestEpoch() - 0.15,
                result.bestScore() - 0.03, 0.3, 0.06), new BasicStroke(2f), new Color(0x2ca02c)));
        JFreeChart chart = new JFreeChart("Training " + result.workflowId() + String.format(Locale.ROOT,
                " (best %.3f at epoch %d)", result.bestScore(), result.bestEpoch()), JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
