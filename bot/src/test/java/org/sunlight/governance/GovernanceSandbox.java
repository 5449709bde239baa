package org.sunlight.governance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.sunlight.app.AppConfig;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.app.MutableClock;
import org.sunlight.channel.sandbox.SandboxStore.SandboxMessage;

/** A Sunlight on a small town with one complex of twenty owner households, driven through the sandbox. */
final class GovernanceSandbox implements AutoCloseable {

    static final String OWNERS = "complex:lanting:owners";
    static final String TOWN = "town:baishui:town";
    static final String COMMUNITY = "community:nanyuan:community";

    final MutableClock clock;
    final Sunlight sunlight;

    GovernanceSandbox(Path directory, MutableClock clock, Map<String, String> extraConfig) throws IOException {
        this.clock = clock;
        StringBuilder yaml = new StringBuilder("""
                towns:
                  - code: baishui
                    name: 白水镇
                    legalAdvisers:
                      - {name: 孔律师, firm: 白水律师事务所, phone: "0355-7000001"}
                    channels:
                      - {purpose: town, channel: sandbox}
                      - {purpose: discipline, channel: sandbox}
                    communities:
                      - code: nanyuan
                        name: 南苑社区
                        channels: [{purpose: community, channel: sandbox}]
                        complexes:
                          - code: lanting
                            name: 兰亭小区
                            households: 20
                            fundFirstDeposit: "100,000.00"
                            channels:
                              - {purpose: owners, channel: sandbox}
                              - {purpose: committee, channel: sandbox}
                people:
                  - {code: officer, name: 镇干部, roles: [{role: town-officer, town: baishui}]}
                  - {code: chair, name: 主任, household: 1-1-101, profile: {position: 业委会主任, pledge: 公开透明},
                     roles: [{role: committee, complex: lanting}, {role: owner, complex: lanting}]}
                """);
        for (int i = 2; i <= 20; i++) {
            yaml.append("  - {code: owner-").append(i).append(", name: 业主").append(i).append(", household: 1-1-")
                    .append(100 + i).append(", roles: [{role: owner, complex: lanting}]}\n");
        }
        yaml.append("  - {code: spouse-2, name: 配偶2, household: 1-1-102, roles: [{role: owner, complex: lanting}]}\n");
        Path deployment = directory.resolve("deployment.yml");
        Files.writeString(deployment, yaml);
        Map<String, String> overrides = new java.util.HashMap<>(extraConfig);
        overrides.put("deployment", deployment.toString());
        AppConfig config = TestSunlight.config(directory, overrides);
        this.sunlight = new Sunlight(config, clock);
        sunlight.loadDeployment();
    }

    /** Someone types into a sandbox group; the bot processes it and delivers what it queued. */
    void say(String target, String person, String text) {
        sunlight.sandbox().post(target, person, text);
        settle();
    }

    void settle() {
        sunlight.inbound().processPending();
        sunlight.outboxWorker().deliverDue();
    }

    List<String> botPosts(String target) {
        return sunlight.sandbox().messages(target, 0).stream().filter(SandboxMessage::fromBot)
                .map(SandboxMessage::text).toList();
    }

    String lastBotPost(String target) {
        List<String> posts = botPosts(target);
        return posts.isEmpty() ? "" : posts.get(posts.size() - 1);
    }

    @Override
    public void close() {
        sunlight.close();
    }
}
