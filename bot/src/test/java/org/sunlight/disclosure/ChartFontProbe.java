package org.sunlight.disclosure;

import java.awt.Font;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Run as a JVM of its own by {@link StatementChartTest}: loads the chart font twice as the service
 * does and lists the temporary directory, then loads it once more from a stream (the old way) and
 * lists it again, so the test can tell that a leaked copy would have been seen.
 */
public final class ChartFontProbe {

    private ChartFontProbe() {
    }

    public static void main(String[] args) throws Exception {
        new StatementChart().font();
        new StatementChart().font();
        list("chart");
        try (InputStream in = StatementChart.class.getResourceAsStream(StatementChart.FONT_RESOURCE)) {
            Font.createFont(Font.TRUETYPE_FONT, in);
        }
        list("stream");
    }

    private static void list(String label) throws Exception {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            files.forEach(file -> System.out.println(label + " " + file.getFileName()));
        }
    }
}
