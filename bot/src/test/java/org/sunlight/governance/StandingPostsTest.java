package org.sunlight.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.MutableClock;
import org.sunlight.app.Sunlight;
import org.sunlight.deployment.DeploymentLoader;
import org.sunlight.deployment.DeploymentParser;
import org.sunlight.schedule.ScheduledTask;

class StandingPostsTest {

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T01:00:00Z"));

    @Test
    void theCommitteeAndAdvisersArePostedOnceAndRepostedWhenTheyChange() throws Exception {
        try (GovernanceSandbox sandbox = new GovernanceSandbox(directory, clock, Map.of())) {
            Sunlight sunlight = sandbox.sunlight;
            ScheduledTask task = sunlight.schedules().task("standing-posts").orElseThrow();
            sunlight.schedules().runNow(task);
            sunlight.schedules().runNow(task);
            sandbox.settle();

            assertThat(sandbox.botPosts(GovernanceSandbox.OWNERS)).containsExactly(
                    "【业委会成员公示】兰亭小区\n• 业委会主任：主任（1号楼）\n  承诺：公开透明\n成员变动时本公示会自动更新。",
                    "【法律顾问】白水镇为本小区提供免费法律咨询：\n• 孔律师（白水律师事务所）：0355-7000001");

            // A new committee member joins: the roster is posted again, the advisers are not.
            Path deployment = directory.resolve("deployment.yml");
            String changed = Files.readString(deployment).replace(
                    "  - {code: owner-3, name: 业主3, household: 1-1-103, roles: [{role: owner, complex: lanting}]}",
                    "  - {code: owner-3, name: 业主3, household: 1-1-103, profile: {position: 业委会委员},"
                            + " roles: [{role: owner, complex: lanting}, {role: committee, complex: lanting}]}");
            Files.writeString(deployment, changed);
            new DeploymentLoader(sunlight.jdbi(), sunlight.auditLog()).load(new DeploymentParser().parse(deployment),
                    "test");
            sunlight.schedules().runNow(task);
            sandbox.settle();

            assertThat(sandbox.botPosts(GovernanceSandbox.OWNERS)).hasSize(3);
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS))
                    .contains("• 业委会主任：主任（1号楼）", "• 业委会委员：业主3（1号楼）");

            // The town's adviser changes number: the advisers are posted again, the roster is not.
            Files.writeString(deployment, Files.readString(deployment).replace("0355-7000001", "0355-7000009"));
            new DeploymentLoader(sunlight.jdbi(), sunlight.auditLog()).load(new DeploymentParser().parse(deployment),
                    "test");
            sunlight.schedules().runNow(task);
            sunlight.schedules().runNow(task);
            sandbox.settle();

            assertThat(sandbox.botPosts(GovernanceSandbox.OWNERS)).hasSize(4);
            assertThat(sandbox.lastBotPost(GovernanceSandbox.OWNERS)).startsWith("【法律顾问】")
                    .contains("孔律师（白水律师事务所）：0355-7000009");

            JavalinTest.test(sunlight.web(), (server, client) -> assertThat(client.get("/c/lanting").body().string())
                    .contains("业委会成员", "业主3", "承诺：公开透明", "孔律师", "0355-7000009"));
        }
    }
}
