package org.sunlight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.auth.Accounts;
import org.sunlight.channel.Conversation;
import org.sunlight.question.QuestionService;
import org.sunlight.question.SandboxChat;
import org.sunlight.question.SettableClock;
import org.sunlight.registry.ComplexView;

/** A discipline officer, in real headless Chromium, logs in, filters to overdue items, opens one and decides. */
class DashboardBrowserTest {

    @TempDir
    Path directory;

    private SettableClock clock;
    private Sunlight sunlight;
    private ChromeDriver browser;

    @BeforeEach
    void start() {
        clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
        sunlight = TestSunlight.create(directory, clock);
        ask("jinxiu", "wang-fang", "王芳", "上季度停车费收入是多少？");
        ask("yangguang", "zhao-min", "赵敏", "电梯什么时候修？");
        clock.set(Instant.parse("2026-03-04T02:00:00Z"));
        ask("hupan", "sun-li", "孙丽", "门禁什么时候换？"); // asked later: not overdue yet
        clock.set(Instant.parse("2026-03-06T02:00:00Z")); // Fri: the first two are past their deadline
        sunlight.start(); // the demo deployment: officers get the demo password
        browser = Browser.start(directory.resolve("chromium-profile"));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        sunlight.close();
    }

    private void ask(String code, String asker, String name, String text) {
        ComplexView complex = sunlight.registry().complexByCode(code).orElseThrow();
        sunlight.questions().ask(new QuestionService.Asking(complex, asker, name, null, null,
                new Conversation("sandbox", "complex:" + code + ":owners", true, complex.complex().id()), text));
    }

    @Test
    void aDisciplineOfficerLogsInFiltersToOverdueItemsOpensOneAndRecordsADecision() {
        String base = "http://127.0.0.1:" + sunlight.port();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        browser.get(base + "/dashboard");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        assertThat(browser.findElement(By.id("demo-note")).getText()).contains(Accounts.DEMO_PASSWORD);
        browser.findElement(By.id("person")).sendKeys("lin-jiwei");
        browser.findElement(By.id("password")).sendKeys(Accounts.DEMO_PASSWORD);
        browser.findElement(By.id("login")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("queue")));
        assertThat(browser.findElements(By.cssSelector("#queue .item-link"))).hasSize(3);
        browser.findElement(By.id("overdue")).click();
        browser.findElement(By.id("apply-filters")).click();
        wait.until(ExpectedConditions.urlContains("overdue=1"));
        List<WebElement> overdue = browser.findElements(By.cssSelector("#queue .item-link"));
        assertThat(overdue).extracting(WebElement::getText).hasSize(2)
                .allSatisfy(title -> assertThat(title).doesNotContain("门禁"));

        browser.findElement(By.linkText("业主提问 1号：上季度停车费收入是多少？")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("decision-form")));
        assertThat(browser.findElement(By.id("item-state")).getText()).isEqualTo("已超期");
        new Select(browser.findElement(By.id("decision"))).selectByVisibleText("督促");
        browser.findElement(By.id("reason")).sendKeys("已超期两天，请业委会今日内答复业主");
        browser.findElement(By.id("decide")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                "已超期两天，请业委会今日内答复业主"));
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("督促", "林书记");
        SandboxChat chat = new SandboxChat(sunlight);
        chat.settle();
        assertThat(chat.bot(SandboxChat.JINXIU_OWNERS)).anySatisfy(text -> assertThat(text)
                .startsWith("【镇纪委督促】业主提问 1号").contains("已超期两天，请业委会今日内答复业主"));
    }
}
