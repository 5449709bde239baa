package org.sunlight.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.MutableClock;

class TemplateOverrideTest {

    @TempDir
    Path directory;

    @Test
    void aDeployersOverrideChangesTheWordingWithoutARebuild() throws Exception {
        Path overrides = directory.resolve("overrides");
        Files.createDirectories(overrides.resolve("chat"));
        Files.writeString(overrides.resolve("chat/meeting-reminder.peb"),
                "【温馨提示】{{ complexName }}{{ kind }}{{ days }}天后召开，请准时参加。\n");

        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, new MutableClock(
                Instant.parse("2026-11-02T01:00:00Z")), Map.of("templates-dir", overrides.toString()))) {
            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会公告 2026-11-20 1.续聘物业");
            sandbox.clock.set(Instant.parse("2026-11-19T01:00:00Z"));
            sandbox.sunlight.schedules().runNow(sandbox.sunlight.schedules().task("meeting-reminders").orElseThrow());
            sandbox.settle();

            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).isEqualTo("【温馨提示】兰亭小区业主大会1天后召开，请准时参加。");
            assertThat(sandbox.sunlight.warnings()).noneMatch(warning -> warning.contains("模板"));
        }
    }

    @Test
    void aBrokenOverrideIsReportedWithFileAndLineAndTheDefaultIsUsed() throws Exception {
        Path overrides = directory.resolve("overrides");
        Files.createDirectories(overrides.resolve("chat"));
        Files.writeString(overrides.resolve("chat/meeting-reminder.peb"), "第一行\n{% if %}坏了\n");

        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, new MutableClock(
                Instant.parse("2026-11-02T01:00:00Z")), Map.of("templates-dir", overrides.toString()))) {
            assertThat(sandbox.sunlight.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains("模板覆盖有误", "chat/meeting-reminder.peb", "第2行"));

            sandbox.say(GovernanceSandbox.OWNERS, "chair", "大会公告 2026-11-20 1.续聘物业");
            sandbox.clock.set(Instant.parse("2026-11-19T01:00:00Z"));
            sandbox.sunlight.schedules().runNow(sandbox.sunlight.schedules().task("meeting-reminders").orElseThrow());
            sandbox.settle();
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).startsWith("【会议提醒】兰亭小区业主大会");
        }
    }
}
