package org.sunlight.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class StatementChartTest {

    private final StatementChart chart = new StatementChart();

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
        assertThat(png.length).isGreaterThan(5_000);
    }
}
