package org.sunlight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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

/** A person opens the sandbox in real headless Chromium, types 帮助 as an owner and sees the bot reply. */
class SandboxBrowserTest {

    @TempDir
    Path directory;

    private Sunlight sunlight;
    private ChromeDriver browser;

    @BeforeEach
    void start() {
        sunlight = TestSunlight.create(directory).start();
        browser = Browser.start(directory.resolve("chromium-profile"));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        sunlight.close();
    }

    @Test
    void anOwnerTypesHelpInTheSupervisionGroupAndSeesTheBotsReply() {
        browser.get("http://127.0.0.1:" + sunlight.port() + "/sandbox");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        wait.until(ExpectedConditions.textToBe(By.id("chat-title"), "锦绣花园 小微权力监督群"));
        wait.until(driver -> new Select(driver.findElement(By.id("identity"))).getOptions().size() > 1);
        new Select(browser.findElement(By.id("identity"))).selectByValue("wang-fang");
        browser.findElement(By.id("message-input")).sendKeys("帮助");
        browser.findElement(By.id("send")).click();

        // The group also holds the standing posts (committee roster, advisers): wait for the reply itself.
        WebElement reply = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//div[@id='messages']//div[contains(@class,'bot')]/div[contains(@class,'bubble')]"
                        + "[contains(., '我是阳光监督助手')]")));
        assertThat(reply.getText()).startsWith("王芳（业主）您好，我是阳光监督助手。").contains("帮助 —— 查看我能为您做什么");
        List<WebElement> mine = browser.findElements(By.cssSelector("#messages .message.mine .bubble"));
        assertThat(mine).extracting(WebElement::getText).containsExactly("帮助");
    }
}
