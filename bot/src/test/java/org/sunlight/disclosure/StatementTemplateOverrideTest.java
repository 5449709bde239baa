package org.sunlight.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.ledger.LedgerFiles;

/** A deployer's template override changes the statement's wording in the group, with no rebuild. */
class StatementTemplateOverrideTest {

    @TempDir
    Path directory;

    @Test
    void anOverriddenStatementTemplateChangesTheWordingPostedToTheGroup() throws Exception {
        Path overrides = directory.resolve("overrides");
        Files.createDirectories(overrides.resolve("chat"));
        Files.writeString(overrides.resolve("chat/statement-published.peb"),
                "【{{ complexName }}账目公开】{{ periodLabel }} 收入 {{ incomeFen | money }}，支出 {{ spendingFen | money }}。"
                        + "详见 {{ link }}（摘要 {{ shortDigest }}）\n");
        SettableClock clock = new SettableClock(Instant.parse("2026-04-10T02:00:00Z"));
        Sunlight sunlight = new Sunlight(TestSunlight.config(directory, Map.of("templates-dir", overrides.toString())),
                clock);
        sunlight.loadDeployment();
        try (sunlight) {
            String token = DisclosureEndToEndTest.askForLink(sunlight);
            JavalinTest.test(sunlight.web(), (server, client) -> {
                Web web = new Web(server.port());
                String csrf = DisclosureEndToEndTest.find(DisclosureEndToEndTest.CSRF,
                        web.get("/ledger/upload?token=" + token).body());
                HttpResponse<String> dryRun = web.upload("/ledger/upload", Map.of("token", token, "csrf", csrf),
                        "2026Q1公共收益.xlsx", LedgerFiles.xlsx(LedgerFiles.quarter2026Q1()));
                web.form("/ledger/confirm", Map.of("token", token, "csrf", csrf,
                        "upload", DisclosureEndToEndTest.find(DisclosureEndToEndTest.UPLOAD, dryRun.body())));
            });
            sunlight.outboxWorker().deliverDue();

            assertThat(DisclosureEndToEndTest.botLines(sunlight, "complex:jinxiu:owners"))
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("【锦绣花园账目公开】2026年第1季度 收入 ¥4,500.00，支出 ¥1,200.00。详见 ")
                            .contains("/c/jinxiu/statements/public-revenue/2026Q1"))
                    .noneSatisfy(line -> assertThat(line).startsWith("【公共收益公示】"));
        }
    }
}
