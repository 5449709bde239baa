package org.sunlight.disclosure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.bundled.BundledFileCache;
import org.sunlight.templates.Formats;

/**
 * Draws a statement's chart (one bar per figure: opening balance, income, spending, closing
 * balance and the like) as a PNG with the bundled CJK font (a subset of Noto Sans CJK SC, see
 * {@code tools/make-chart-font.sh}), so Chinese renders on a server with no CJK fonts installed.
 *
 * <p>Drawn directly with Java2D rather than through a charting library: a quarter close draws
 * one chart per complex, and building a general chart, then encoding it with ImageIO's PNG writer,
 * cost 12–70 ms a chart. The fonts are derived once; the PNG is indexed (see {@link PngEncoder}).
 *
 * <p>The font is read from a file in a {@link BundledFileCache}, copied there once: given a stream,
 * {@link Font#createFont(int, InputStream)} copies the 1.5 MB font to a new temporary file in every
 * JVM, deleted only at a clean exit, so killed service and test JVMs filled the temporary directory.
 * Thread-safe: every call draws on its own image.
 */
public final class StatementChart {

    public static final int WIDTH = 720;
    public static final int HEIGHT = 480;
    static final String FONT_FILE = "NotoSansSC-Subset.otf";
    static final String FONT_RESOURCE = "/fonts/" + FONT_FILE;

    private static final Logger LOG = LoggerFactory.getLogger(StatementChart.class);

    private static final Color BAR = new Color(0x2f, 0x6f, 0xd6);
    private static final Color NEGATIVE_BAR = new Color(0xb4, 0x23, 0x18);
    private static final Color GRID = new Color(0xe3, 0xe6, 0xea);
    private static final Color AXIS = new Color(0x5f, 0x66, 0x6d);
    private static final Color TEXT = new Color(0x1f, 0x23, 0x28);
    private static final int LEFT = 96;
    private static final int RIGHT = 28;
    private static final int TOP = 78;
    private static final int BOTTOM = 56;
    private static final int TICKS = 5;

    /** The bundled font and its sizes; loading it starts AWT, so the first chart pays, not start-up. */
    private record Fonts(Font base, Font title, Font axisTitle, Font tick, Font label) {
        static Fonts load(BundledFileCache cache) {
            Font base = loadFont(cache);
            return new Fonts(base, base.deriveFont(Font.PLAIN, 22f), base.deriveFont(Font.PLAIN, 14f),
                    base.deriveFont(Font.PLAIN, 13f), base.deriveFont(Font.PLAIN, 13f));
        }
    }

    private final BundledFileCache cache;
    private volatile Fonts fonts;

    /** A chart whose font is cached in {@code ${java.io.tmpdir}/sunlight-cache-USER}. */
    public StatementChart() {
        this(BundledFileCache.inTempDir());
    }

    /** A chart whose font is cached in {@code cache}. */
    public StatementChart(BundledFileCache cache) {
        this.cache = cache;
    }

    private Fonts fonts() {
        Fonts loaded = fonts;
        if (loaded == null) {
            synchronized (this) {
                loaded = fonts;
                if (loaded == null) {
                    loaded = Fonts.load(cache);
                    fonts = loaded;
                }
            }
        }
        return loaded;
    }

    /** One bar: its label and amount in fen. */
    public record Bar(String label, long fen) {
    }

    /** The bundled font, for checks that every chart string can be drawn. */
    public Font font() {
        return fonts().base();
    }

    /** A PNG of {@link #WIDTH} × {@link #HEIGHT}; {@code axisTitle} names the unit of the bars. */
    public byte[] render(String title, String axisTitle, List<Bar> bars) {
        List<Bar> shown = bars.isEmpty() ? List.of(new Bar("无", 0)) : bars;
        Fonts fonts = fonts();
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g, title, axisTitle, shown);
        } finally {
            g.dispose();
        }
        return PngEncoder.encode(image);
    }

    private void draw(Graphics2D g, String title, String axisTitle, List<Bar> bars) {
        g.setColor(TEXT);
        g.setFont(fonts.title());
        FontMetrics titleMetrics = g.getFontMetrics();
        g.drawString(title, Math.max(8, (WIDTH - titleMetrics.stringWidth(title)) / 2), 16 + titleMetrics.getAscent());
        g.setFont(fonts.axisTitle());
        g.setColor(AXIS);
        g.drawString(axisTitle, 12, TOP - 16);

        long min = 0;
        long max = 0;
        for (Bar bar : bars) {
            min = Math.min(min, bar.fen());
            max = Math.max(max, bar.fen());
        }
        long step = niceStep(Math.max(max - min, 100), TICKS);
        long low = floorTo(min, step);
        long high = Math.max(low + step, ceilTo(max, step));
        int plotTop = TOP;
        int plotBottom = HEIGHT - BOTTOM;
        int plotLeft = LEFT;
        int plotRight = WIDTH - RIGHT;

        g.setFont(fonts.tick());
        FontMetrics tickMetrics = g.getFontMetrics();
        for (long tick = low; tick <= high; tick += step) {
            int y = yOf(tick, low, high, plotTop, plotBottom);
            g.setColor(GRID);
            g.drawLine(plotLeft, y, plotRight, y);
            String label = Formats.yuan(tick);
            label = label.endsWith(".00") ? label.substring(0, label.length() - 3) : label;
            g.setColor(AXIS);
            g.drawString(label, plotLeft - 8 - tickMetrics.stringWidth(label), y + tickMetrics.getAscent() / 2 - 1);
        }
        int zero = yOf(0, low, high, plotTop, plotBottom);
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(plotLeft, plotTop, plotLeft, plotBottom);
        g.drawLine(plotLeft, zero, plotRight, zero);

        int slot = (plotRight - plotLeft) / bars.size();
        int barWidth = Math.min(96, slot * 3 / 5);
        g.setFont(fonts.label());
        FontMetrics labelMetrics = g.getFontMetrics();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int centre = plotLeft + slot * i + slot / 2;
            int y = yOf(bar.fen(), low, high, plotTop, plotBottom);
            int top = Math.min(y, zero);
            int height = Math.max(1, Math.abs(zero - y));
            g.setColor(bar.fen() < 0 ? NEGATIVE_BAR : BAR);
            g.fillRect(centre - barWidth / 2, top, barWidth, height);
            String amount = Formats.yuan(bar.fen());
            g.setColor(TEXT);
            int amountY = bar.fen() < 0 ? top + height + labelMetrics.getAscent() + 4 : top - 6;
            g.drawString(amount, centre - labelMetrics.stringWidth(amount) / 2, amountY);
            g.drawString(bar.label(), centre - labelMetrics.stringWidth(bar.label()) / 2,
                    plotBottom + 10 + labelMetrics.getAscent());
        }
    }

    private static int yOf(long fen, long low, long high, int top, int bottom) {
        return bottom - (int) Math.round((double) (fen - low) / (high - low) * (bottom - top));
    }

    /** A step of 1, 2 or 5 times a power of ten (in fen) giving about {@code ticks} intervals. */
    static long niceStep(long range, int ticks) {
        double raw = (double) range / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return Math.max(100, Math.round(nice * magnitude));
    }

    private static long floorTo(long value, long step) {
        return Math.floorDiv(value, step) * step;
    }

    private static long ceilTo(long value, long step) {
        return -Math.floorDiv(-value, step) * step;
    }

    private static Font loadFont(BundledFileCache cache) {
        URL resource = StatementChart.class.getResource(FONT_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException("the bundled chart font " + FONT_RESOURCE + " is missing");
        }
        try {
            // From a file the JDK reads the font in place; from a stream it would copy it to a temporary file.
            return Font.createFont(Font.TRUETYPE_FONT, cache.file(resource, FONT_FILE).toFile());
        } catch (IOException e) {
            LOG.debug("cannot cache the chart font in {}; loading it from the jar", cache.root(), e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("cannot load the bundled chart font", e);
        }
        try (InputStream in = resource.openStream()) {
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException | FontFormatException e) {
            throw new IllegalStateException("cannot load the bundled chart font", e);
        }
    }
}
