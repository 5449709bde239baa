package org.sunlight.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.question.SandboxChat;
import org.sunlight.question.SettableClock;

/**
 * Each tier's time to act comes from the town's settings, not from code: the demo deployment with
 * 青山镇 set to answerDays 2, communityDays 4, townDays 3. Asked Thu 2026-02-12: the committee's two
 * working days are Fri 13 and the make-up Sat 14; the community receives the item at midnight and its
 * four (after Sun 15, inside the holiday) are Feb 24, 25, 26, 27; the town receives it at the start of
 * the make-up Sat 28, and its three are Mar 2, 3, 4.
 */
class TownDeadlinesTest {

    @TempDir
    Path directory;

    private static Instant beijing(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(WorkingCalendar.ZONE).toInstant();
    }

    private Path deploymentWithTownSettings() throws IOException {
        String demo;
        try (InputStream in = Sunlight.class.getResourceAsStream("/demo/deployment.yml")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String defaults = "      answerDays: 3\n      communityDays: 5\n      townDays: 5\n";
        assertThat(demo).contains(defaults);
        Path file = directory.resolve("deployment.yml");
        Files.writeString(file, demo.replace(defaults, "      answerDays: 2\n      communityDays: 4\n"
                + "      townDays: 3\n"));
        return file;
    }

    @Test
    void eachTiersTimeToActComesFromItsTownsSettings() throws IOException {
        SettableClock clock = new SettableClock(beijing("2026-02-12T10:00"));
        Sunlight sunlight = new Sunlight(TestSunlight.config(directory,
                Map.of("deployment", deploymentWithTownSettings().toString())), clock);
        sunlight.loadDeployment();
        try (sunlight) {
            SandboxChat chat = new SandboxChat(sunlight);
            chat.say(SandboxChat.JINXIU_OWNERS, "wang-fang", "提问 停车费收入是多少？");
            assertThat(chat.lastBot(SandboxChat.JINXIU_OWNERS)).contains("2026年2月14日（周六）当天结束前答复");
            long complexId = sunlight.registry().complexByCode("jinxiu").orElseThrow().complex().id();
            long itemId = sunlight.questions().find(complexId, 1).orElseThrow().itemId();
            assertThat(sunlight.escalations().item(itemId).orElseThrow().dueAt())
                    .isEqualTo(beijing("2026-02-15T00:00"));

            clock.set(beijing("2026-02-15T00:05"));
            sunlight.escalationSweep().run(clock.instant());
            EscalationItem atCommunity = sunlight.escalations().item(itemId).orElseThrow();
            assertThat(atCommunity.tier()).isEqualTo(Tier.COMMUNITY.level());
            assertThat(atCommunity.dueAt()).isEqualTo(beijing("2026-02-28T00:00"));

            clock.set(beijing("2026-02-28T00:05"));
            sunlight.escalationSweep().run(clock.instant());
            EscalationItem atTown = sunlight.escalations().item(itemId).orElseThrow();
            assertThat(atTown.tier()).isEqualTo(Tier.TOWN.level());
            assertThat(atTown.tierReceivedAt()).isEqualTo(beijing("2026-02-28T00:00"));
            assertThat(atTown.dueAt()).isEqualTo(beijing("2026-03-05T00:00"));
            chat.settle();
            assertThat(chat.lastBot(SandboxChat.QINGSHAN_TOWN)).contains("请于2026年3月4日（周三）当天结束前处理");
        }
    }
}
