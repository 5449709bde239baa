package org.sunlight.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.bundled.BundledFileCache;
import org.sunlight.storage.JavaProbe;

class StatementChartTest {

    private final StatementChart chart = new StatementChart();

    @TempDir
    Path directory;

    @Test
    void theBundledFontCanDrawEveryChineseStringOnTheCharts() {
        for (String text : List.of("锦绣花园 2026年第1季度 公共收益", "阳光苑", "湖畔家园", "金额（元）", "期初余额", "收入",
                "支出", "期末余额", "电", "水", "公摊水电费", "维修资金支取", "支取前余额", "支取后余额", "停车", "广告",
                "场地租赁", "其他收入", "维修", "保洁", "工作经费", "其他支出", "无", "2026年3月", "¥1,234.50")) {
            assertThat(chart.font().canDisplayUpTo(text)).as(text).isEqualTo(-1);
        }
    }

    @Test
    void rendersAPngOfTheExpectedSizeWithoutAnyInstalledCjkFont() throws Exception {
        byte[] png = chart.render("锦绣花园 2026年第1季度 公共收益", "金额", List.of(
                new StatementChart.Bar("期初余额", 1_200_000), new StatementChart.Bar("收入", 450_000),
                new StatementChart.Bar("支出", 120_000), new StatementChart.Bar("期末余额", 1_530_000)));

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(StatementChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(StatementChart.HEIGHT);
        assertThat(png.length).isGreaterThan(3_000);
        assertThat(darkPixels(image, 0, 0, StatementChart.WIDTH, 60)).as("title area").isGreaterThan(200);
        assertThat(darkPixels(image, 0, StatementChart.HEIGHT - 50, StatementChart.WIDTH, 50)).as("bar labels")
                .isGreaterThan(100);
    }

    @Test
    void drawsTheGlyphsOfTheTitleNotPlaceholderBoxes() throws Exception {
        // Missing glyphs would all be the same box: two titles of equal length would look the same.
        BufferedImage one = ImageIO.read(new ByteArrayInputStream(chart.render("锦绣花园 公共收益", "金额（元）",
                List.of(new StatementChart.Bar("收入", 100_00)))));
        BufferedImage other = ImageIO.read(new ByteArrayInputStream(chart.render("湖畔家园 公共收益", "金额（元）",
                List.of(new StatementChart.Bar("收入", 100_00)))));

        assertThat(one.getRGB(0, 0, StatementChart.WIDTH, 60, null, 0, StatementChart.WIDTH))
                .isNotEqualTo(other.getRGB(0, 0, StatementChart.WIDTH, 60, null, 0, StatementChart.WIDTH));
    }

    @Test
    void aNegativeClosingBalanceAndAnEmptyChartStillRender() throws Exception {
        BufferedImage negative = ImageIO.read(new ByteArrayInputStream(chart.render("阳光苑", "金额（元）", List.of(
                new StatementChart.Bar("期初余额", 10_000), new StatementChart.Bar("期末余额", -50_000)))));
        BufferedImage empty = ImageIO.read(new ByteArrayInputStream(chart.render("阳光苑", "金额（元）", List.of())));

        assertThat(negative.getWidth()).isEqualTo(StatementChart.WIDTH);
        assertThat(empty.getHeight()).isEqualTo(StatementChart.HEIGHT);
    }

    @Test
    void theFontIsReadFromItsCachedCopy() throws Exception {
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));
        StatementChart cached = new StatementChart(cache);

        byte[] png = cached.render("锦绣花园 公共收益", "金额（元）", List.of(new StatementChart.Bar("收入", 100_00)));

        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(StatementChart.WIDTH);
        assertThat(cached.font().canDisplayUpTo("锦绣花园")).isEqualTo(-1);
        Path copy;
        try (var keys = Files.list(cache.root())) {
            copy = keys.findFirst().orElseThrow().resolve(StatementChart.FONT_FILE);
        }
        try (InputStream bundled = StatementChart.class.getResourceAsStream(StatementChart.FONT_RESOURCE)) {
            assertThat(Files.readAllBytes(copy)).isEqualTo(bundled.readAllBytes());
        }
    }

    /**
     * In a JVM of its own, with a temporary directory of its own, so that font copies of other JVMs
     * on the machine cannot be mistaken for ours. The probe's last step loads the font from a stream,
     * which must leave a copy: proof that a copy would have been seen.
     */
    @Test
    void loadingTheFontTwiceLeavesNoTemporaryCopyOfIt() throws Exception {
        Path tmp = Files.createDirectory(directory.resolve("tmp"));
        List<String> lines = JavaProbe.run(directory, "probe", tmp, ChartFontProbe.class,
                List.of("-Xmx128m", "-Djava.awt.headless=true"));

        assertThat(lines).contains("chart " + BundledFileCache.directoryName())
                .noneMatch(line -> line.startsWith("chart +~JF"))
                .anyMatch(line -> line.startsWith("stream +~JF"));
    }

    private static int darkPixels(BufferedImage image, int x, int y, int width, int height) {
        int dark = 0;
        for (int row = y; row < y + height; row++) {
            for (int column = x; column < x + width; column++) {
                int rgb = image.getRGB(column, row);
                int brightness = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                if (brightness < 3 * 128) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
