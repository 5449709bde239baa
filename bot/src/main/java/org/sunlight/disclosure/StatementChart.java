package org.sunlight.disclosure;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import javax.imageio.ImageIO;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws a statement's chart as a PNG with the bundled CJK font (a subset of Noto Sans CJK SC, see
 * {@code tools/make-chart-font.sh}), so Chinese renders on a server with no CJK fonts installed.
 * Thread-safe: every call draws on its own image.
 */
public final class StatementChart {

    public static final int WIDTH = 720;
    public static final int HEIGHT = 480;
    static final String FONT_RESOURCE = "/fonts/NotoSansSC-Subset.otf";

    /** Loaded on the first chart, not at start-up (font loading starts AWT's font manager). */
    private volatile Font font;

    /** One bar: its label and amount in fen. */
    public record Bar(String label, long fen) {
    }

    /** The bundled font, for checks that every chart string can be drawn. */
    public Font font() {
        Font loaded = font;
        if (loaded == null) {
            loaded = loadFont();
            font = loaded; // a race loads it twice at worst; both copies are equal
        }
        return loaded;
    }

    public byte[] render(String title, String seriesName, List<Bar> bars) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("").yAxisTitle("金额（元）").build();
        Styler styler = chart.getStyler();
        styler.setChartTitleFont(font().deriveFont(Font.PLAIN, 20f));
        styler.setLegendFont(font().deriveFont(Font.PLAIN, 14f));
        styler.setLegendVisible(false); // one series; the axis title names it
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setSeriesColors(new Color[] {new Color(0x2f, 0x6f, 0xd6)});
        chart.getStyler().setAxisTitleFont(font().deriveFont(Font.PLAIN, 14f));
        chart.getStyler().setAxisTickLabelsFont(font().deriveFont(Font.PLAIN, 13f));
        chart.getStyler().setAnnotationTextFont(font().deriveFont(Font.PLAIN, 12f));
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(font().deriveFont(Font.PLAIN, 12f));
        chart.getStyler().setDecimalPattern("#,##0.00");
        chart.getStyler().setYAxisMin(0.0);
        List<String> labels = bars.isEmpty() ? List.of("无") : bars.stream().map(Bar::label).toList();
        List<Double> values = bars.isEmpty() ? List.of(0.0)
                : bars.stream().map(bar -> bar.fen() / 100.0).toList(); // display only; figures stay in fen
        chart.addSeries(seriesName, labels, values);

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.paint(graphics, WIDTH, HEIGHT);
        } finally {
            graphics.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Font loadFont() {
        try (InputStream in = StatementChart.class.getResourceAsStream(FONT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled chart font " + FONT_RESOURCE + " is missing");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException | FontFormatException e) {
            throw new IllegalStateException("cannot load the bundled chart font", e);
        }
    }
}
