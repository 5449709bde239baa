package org.sunlight.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateOverridesTest {

    @TempDir
    Path overrides;

    @Test
    void anOverrideFileTakesPrecedenceOverTheBuiltInTemplate() throws IOException {
        write("chat/test-greeting.peb", "{{ name }}，您好！\n");
        Templates templates = new Templates(overrides);

        assertThat(templates.chat("test-greeting", Map.of("name", "王女士"))).isEqualTo("王女士，您好！");
        assertThat(templates.chat("test-raw", Map.of("text", "未覆盖"))).isEqualTo("未覆盖");
        assertThat(templates.validateOverrides()).isEmpty();
    }

    @Test
    void anOverriddenLayoutIsUsedByBuiltInPages() throws IOException {
        write("page/layout.peb", "<body class=\"custom\">{% block content %}{% endblock %}</body>\n");
        Templates templates = new Templates(overrides);

        String html = templates.page("error", Map.of("status", 500, "message", "系统繁忙"));

        assertThat(html)
                .startsWith("<body class=\"custom\">")
                .contains("系统繁忙")
                .doesNotContain("<!DOCTYPE html>");
    }

    @Test
    void anOverrideCanAddATemplateWithoutBuiltInCounterpart() throws IOException {
        write("chat/notices/water-outage.peb", "停水通知：{{ day | date(weekday=true) }}\n");
        Templates templates = new Templates(overrides);

        String text = templates.chat("notices/water-outage", Map.of("day", LocalDate.of(2026, 3, 5)));

        assertThat(text).isEqualTo("停水通知：2026年3月5日（周四）");
    }

    @Test
    void aByteOrderMarkFromWindowsEditorsIsIgnored() throws IOException {
        write("chat/test-greeting.peb", "\uFEFF{{ name }}，您好！\r\n");
        Templates templates = new Templates(overrides);

        assertThat(templates.chat("test-greeting", Map.of("name", "李先生"))).isEqualTo("李先生，您好！");
    }

    @Test
    void aBrokenOverrideIsReportedWithFileAndLineAndRenderingFallsBackToTheBuiltIn() throws IOException {
        write("chat/test-greeting.peb", "第一行\n第二行\n{{ name | }}\n");
        Templates templates = new Templates(overrides);

        assertThat(templates.validateOverrides()).singleElement().asString()
                .startsWith("chat/test-greeting.peb 第3行: ")
                .contains("Unexpected token");
        assertThat(templates.chat("test-greeting", Map.of("name", "王女士"))).isEqualTo("你好，王女士！");
        // Still falls back on later renders, not only the first.
        assertThat(templates.chat("test-greeting", Map.of("name", "李先生"))).isEqualTo("你好，李先生！");
    }

    @Test
    void aBrokenOverriddenLayoutFallsBackToTheBuiltInPage() throws IOException {
        write("page/layout.peb", "<html>\n{% block content %}\n");
        Templates templates = new Templates(overrides);

        assertThat(templates.validateOverrides()).singleElement().asString()
                .startsWith("page/layout.peb 第")
                .contains("endblock");
        assertThat(templates.page("error", Map.of("status", 404, "message", "找不到")))
                .startsWith("<!DOCTYPE html>")
                .contains("找不到");
    }

    @Test
    void anOverrideThatFailsWhileRenderingFallsBackToTheBuiltIn() throws IOException {
        write("chat/test-greeting.peb", "{{ name }}，您的房号是 {{ room }}。\n");
        Templates templates = new Templates(overrides);

        assertThat(templates.validateOverrides()).isEmpty();
        assertThat(templates.chat("test-greeting", Map.of("name", "王女士"))).isEqualTo("你好，王女士！");
    }

    @Test
    void whenTheBuiltInFailsTooItsErrorIsThrown() throws IOException {
        write("chat/test-greeting.peb", "{{ salutation }}\n");
        Templates templates = new Templates(overrides);

        assertThatThrownBy(() -> templates.chat("test-greeting", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("chat/test-greeting")
                .hasMessageContaining("[name]");
    }

    @Test
    void aBrokenOverrideWithoutBuiltInCounterpartFailsWithItsOwnError() throws IOException {
        write("chat/custom.peb", "第一行\n{% if %}\n");
        Templates templates = new Templates(overrides);

        assertThatThrownBy(() -> templates.chat("custom", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("chat/custom")
                .hasMessageContaining("(custom:2)");
    }

    @Test
    void validationListsEveryBrokenFileInBothDirectoriesAndIgnoresOtherFiles() throws IOException {
        write("chat/a-broken.peb", "{% for x in xs %}\n");
        write("chat/fine.peb", "{{ x }}\n");
        write("chat/README.txt", "{% not a template %}");
        write("page/sub/b-broken.peb", "\n\n{{ }\n");
        write("page/bad name.peb", "ok\n");
        Templates templates = new Templates(overrides);

        assertThat(templates.validateOverrides()).satisfiesExactly(
                problem -> assertThat(problem).startsWith("chat/a-broken.peb 第"),
                problem -> assertThat(problem).startsWith("page/bad name.peb: "),
                problem -> assertThat(problem).startsWith("page/sub/b-broken.peb 第3行: "));
    }

    @Test
    void validationReportsAMissingOverrideDirectory() {
        Templates templates = new Templates(overrides.resolve("does-not-exist"));

        assertThat(templates.validateOverrides()).singleElement().asString().contains("does-not-exist");
        assertThat(templates.chat("test-greeting", Map.of("name", "王女士"))).isEqualTo("你好，王女士！");
    }

    @Test
    void withoutOverrideDirectoryThereIsNothingToValidate() {
        assertThat(Templates.defaults().validateOverrides()).isEmpty();
    }

    private void write(String relativePath, String content) throws IOException {
        Path file = overrides.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
