package org.sunlight.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.Main;
import org.sunlight.audit.AuditLog;
import org.sunlight.cli.CommandLine;
import org.sunlight.registry.Registry;
import org.sunlight.storage.Database;

/** {@code ./sunlight set-password CODE} reads the password from standard input and stores only its hash. */
class SetPasswordCommandTest {

    @TempDir
    Path directory;

    private final InputStream originalIn = System.in;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void restoreStdin() {
        System.setIn(originalIn);
    }

    private int run(String stdin, String... args) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void setsAnOfficersPasswordFromStandardInputWithoutPrintingIt() {
        String dataDir = directory.resolve("data").toString();
        assertThat(run("", "load", "demo", "--data-dir", dataDir)).isZero();

        assertThat(run("一个很长的密码 correct horse\n", "set-password", "lin-jiwei", "--data-dir", dataDir)).isZero();

        assertThat(out.toString()).contains("password set for lin-jiwei").doesNotContain("correct horse");
        Jdbi jdbi = Database.open(directory.resolve("data").resolve("sunlight.db"));
        String hash = jdbi.withHandle(handle -> handle.createQuery("SELECT hash FROM web_password")
                .mapTo(String.class).one());
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
        Accounts accounts = new Accounts(jdbi, new Registry(jdbi), new AuditLog(jdbi, Clock.systemUTC()),
                Clock.systemUTC());
        assertThat(accounts.login("lin-jiwei", "一个很长的密码 correct horse".toCharArray(), "127.0.0.1"))
                .isInstanceOf(Accounts.LoginResult.Success.class);
        String audited = jdbi.withHandle(handle -> handle.createQuery("SELECT detail FROM audit_log "
                + "WHERE action = 'auth.password-set'").mapTo(String.class).one());
        assertThat(audited).doesNotContain("correct");
    }

    @Test
    void refusesOwnersAndShortPasswords() {
        String dataDir = directory.resolve("data").toString();
        run("", "load", "demo", "--data-dir", dataDir);

        assertThat(run("a long enough password\n", "set-password", "wang-fang", "--data-dir", dataDir)).isEqualTo(2);
        assertThat(run("short\n", "set-password", "lin-jiwei", "--data-dir", dataDir)).isEqualTo(2);
        assertThat(err.toString()).contains("wang-fang 不是社区、镇或纪委干部", "密码至少10个字符");
    }

    @Test
    void theDemoDeploymentGivesEveryOfficerAndStaffMemberTheDemoPasswordOnceAndKeepsOwnPasswords() {
        String dataDir = directory.resolve("data").toString();
        run("", "load", "demo", "--data-dir", dataDir);
        assertThat(run("一个很长的密码 correct horse\n", "set-password", "lin-jiwei", "--data-dir", dataDir)).isZero();
        Jdbi jdbi = Database.open(directory.resolve("data").resolve("sunlight.db"));
        Accounts accounts = new Accounts(jdbi, new Registry(jdbi), new AuditLog(jdbi, Clock.systemUTC()),
                Clock.systemUTC());

        int seeded = accounts.seedDemoPasswords();

        assertThat(seeded).isPositive();
        assertThat(accounts.seedDemoPasswords()).isZero();
        assertThat(accounts.login("zheng-shequ", Accounts.DEMO_PASSWORD.toCharArray(), "127.0.0.1"))
                .isInstanceOf(Accounts.LoginResult.Success.class);
        assertThat(accounts.login("chen-jian", Accounts.DEMO_PASSWORD.toCharArray(), "127.0.0.1"))
                .isInstanceOf(Accounts.LoginResult.Success.class);
        assertThat(accounts.login("lin-jiwei", Accounts.DEMO_PASSWORD.toCharArray(), "127.0.0.1"))
                .isInstanceOf(Accounts.LoginResult.Failed.class);
        assertThat(accounts.login("wang-fang", Accounts.DEMO_PASSWORD.toCharArray(), "127.0.0.1"))
                .isInstanceOf(Accounts.LoginResult.Failed.class);
        int stored = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM web_password")
                .mapTo(Integer.class).one());
        assertThat(stored).isEqualTo(seeded + 1);
    }
}
