package org.sunlight.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    private final Templates templates = Templates.defaults();

    @Test
    void chatEngineDoesNotEscapeMarkup() {
        String text = templates.chat("test-raw", Map.of("text", "<b>粗体</b> & \"引号\" 'x'"));

        assertThat(text).isEqualTo("<b>粗体</b> & \"引号\" 'x'");
    }

    @Test
    void pageEngineEscapesScriptTags() {
        String html = templates.page("test-notice", noticeModel("<script>alert(1)</script>"));

        assertThat(html)
                .contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>")
                .doesNotContain("<script>alert(1)</script>");
    }

    @Test
    void pagesExtendTheMobileLayout() {
        String html = templates.page("test-notice", noticeModel("第三季度收支公示"));

        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<html lang=\"zh-CN\">")
                .contains("<meta charset=\"UTF-8\">")
                .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1")
                .contains("\"PingFang SC\"", "\"Microsoft YaHei\"", "\"Noto Sans CJK SC\"")
                .contains("<title>第三季度收支公示 · 阳光监督助手</title>")
                .contains("<td class=\"money\">1,234.50</td>")
                .contains("<footer class=\"site-footer\">阳光监督助手 Sunlight</footer>")
                .endsWith("</html>\n");
    }

    @Test
    void errorPageShowsStatusAndEscapedMessage() {
        String html = templates.page("error", Map.of("status", 404, "message", "找不到 <公示> & 附件"));

        assertThat(html)
                .contains("<title>出错了 · 阳光监督助手</title>")
                .contains("错误代码 404")
                .contains("找不到 &lt;公示&gt; &amp; 附件");
    }

    @Test
    void filtersAndTheQuarterFunctionFormatThroughFormats() {
        Map<String, Object> model = new HashMap<>();
        model.put("amount", 123_450L);
        model.put("smallAmount", 5);
        model.put("day", LocalDate.of(2026, 3, 5));
        // 16:05 UTC on the 4th is 00:05 on the 5th in Shanghai.
        model.put("moment", Instant.parse("2026-03-04T16:05:00Z"));
        model.put("period", YearMonth.of(2026, 3));
        model.put("q", 3);
        model.put("year", 2026);

        String text = templates.chat("test-filters", model);

        assertThat(text).isEqualTo("""
                金额：¥1,234.50
                不带符号：1,234.50 元
                整数金额：¥0.05
                日期：2026年3月5日
                带星期：2026年3月5日（周四）
                时间：2026年3月5日 00:05
                时刻的日期：2026年3月5日
                月份：2026年3月
                季度：2026年第3季度
                季度函数：2026年第3季度""");
    }

    @Test
    void moneyFilterRefusesFractionalAmountsAndNamesTemplateAndLine() {
        Map<String, Object> model = filterModel();
        model.put("amount", 12.5);

        assertThatThrownBy(() -> templates.chat("test-filters", model))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("chat/test-filters")
                .hasMessageContaining("money")
                .hasMessageContaining("Double 12.5")
                .hasMessageContaining("(test-filters:1)")
                .satisfies(failure -> assertThat(((TemplateException) failure).lineNumber()).hasValue(1));
    }

    @Test
    void moneyFilterAcceptsWholeBigDecimalFen() {
        Map<String, Object> model = filterModel();
        model.put("amount", new BigDecimal("100"));

        assertThat(templates.chat("test-filters", model)).startsWith("金额：¥1.00\n");
    }

    @Test
    void quarterFilterRejectsAQuarterOutsideOneToFour() {
        Map<String, Object> model = filterModel();
        model.put("q", 5);

        assertThatThrownBy(() -> templates.chat("test-filters", model))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("quarter must be between 1 and 4, got 5")
                .hasMessageContaining("(test-filters:9)");
    }

    @Test
    void strictVariablesReportAMissingVariableWithTheTemplateName() {
        assertThatThrownBy(() -> templates.chat("test-greeting", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("chat/test-greeting")
                .hasMessageContaining("[name]")
                .satisfies(failure -> {
                    TemplateException exception = (TemplateException) failure;
                    assertThat(exception.templateName()).isEqualTo("chat/test-greeting");
                    assertThat(exception.lineNumber()).hasValue(1);
                });
    }

    @Test
    void aMissingTemplateIsReportedByName() {
        assertThatThrownBy(() -> templates.page("no-such-page", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("page/no-such-page");
    }

    @Test
    void templateNamesThatCouldEscapeTheTemplateDirectoryAreRefused() {
        assertThatThrownBy(() -> templates.chat("../page/error", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templates.chat("test-greeting.peb", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chatTextIsTidiedForChat() {
        Map<String, Object> model = new HashMap<>();
        model.put("title", "第三季度公示");
        model.put("items", List.of("电梯维修", "绿化养护"));
        model.put("note", "详见公告栏");

        assertThat(templates.chat("test-layout", model)).isEqualTo("""
                【第三季度公示】
                1. 电梯维修
                2. 绿化养护

                备注：详见公告栏

                —— 阳光监督助手""");
    }

    @Test
    void chatTextWithoutOptionalPartsHasNoRunsOfBlankLines() {
        Map<String, Object> model = new HashMap<>();
        model.put("title", "第三季度公示");
        model.put("items", List.of());
        model.put("note", null);

        assertThat(templates.chat("test-layout", model)).isEqualTo("""
                【第三季度公示】
                本期没有支出。

                —— 阳光监督助手""");
    }

    @Test
    void chatAndPageTemplatesLiveInSeparateDirectories() {
        assertThatThrownBy(() -> templates.page("test-greeting", Map.of("name", "王")))
                .isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> templates.chat("index", Map.of("complexes", List.of())))
                .isInstanceOf(TemplateException.class);
    }

    @Test
    void oneInstanceRendersConcurrently() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            String name = "业主" + t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        String text = templates.chat("test-greeting", Map.of("name", name));
                        assertThat(text).isEqualTo("你好，" + name + "！");
                    }
                } catch (Throwable failure) {
                    failures.add(failure);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    private static Map<String, Object> noticeModel(String title) {
        return Map.of("title", title, "body", "请各位业主查阅。", "item", "电梯维修", "amount", 123_450L);
    }

    private static Map<String, Object> filterModel() {
        Map<String, Object> model = new HashMap<>();
        model.put("amount", 100L);
        model.put("smallAmount", 5);
        model.put("day", LocalDate.of(2026, 3, 5));
        model.put("moment", Instant.parse("2026-03-05T06:05:00Z"));
        model.put("period", YearMonth.of(2026, 3));
        model.put("q", 3);
        model.put("year", 2026);
        return model;
    }
}
