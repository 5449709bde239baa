package org.sunlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.Main;
import org.sunlight.cli.CommandLine;
import org.sunlight.storage.Database;

class CommandLineTest {

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String dataDir() {
        return directory.resolve("data").toString();
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("serve", "load", "verify-audit");
    }

    @Test
    void loadIsIdempotent() {
        assertThat(run("load", "demo", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("created complex jinxiu");

        out.getBuffer().setLength(0);
        assertThat(run("load", "demo", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("already loaded; nothing changed");
    }

    @Test
    void aCommandClosesTheDatabaseSoNoWriteAheadLogIsLeftBehind() {
        assertThat(run("load", "demo", "--data-dir", dataDir())).isZero();
        assertThat(run("verify-audit", "--data-dir", dataDir())).isZero();

        // The last connection to close checkpoints the WAL into the file and removes it.
        assertThat(directory.resolve("data").resolve("sunlight.db")).exists();
        assertThat(directory.resolve("data").resolve("sunlight.db-wal")).doesNotExist();
    }

    @Test
    void aMalformedFileIsRejectedWithFileLineAndKeyAndLoadsNothing() throws Exception {
        Path file = directory.resolve("deploy.yml");
        Files.writeString(file, "towns:\n  - code: t\n    name: 镇\n    communities:\n      - code: c\n        nam: 社区\n");

        assertThat(run("load", file.toString(), "--data-dir", dataDir())).isEqualTo(2);

        assertThat(err.toString()).contains(file + ":6:9 towns[0].communities[0].nam: unknown key");
        Jdbi jdbi = Database.open(directory.resolve("data").resolve("sunlight.db"));
        int towns = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM town").mapTo(Integer.class)
                .one());
        assertThat(towns).isZero();
    }

    @Test
    void aDryRunChecksWithoutLoading() {
        assertThat(run("load", "demo", "--dry-run", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("nothing changed (dry run)");
        assertThat(directory.resolve("data")).doesNotExist();
    }

    @Test
    void verifyAuditNamesTheFirstBrokenLink() {
        run("load", "demo", "--data-dir", dataDir());
        assertThat(run("verify-audit", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("audit log intact: 1 entries verified");

        Database.open(directory.resolve("data").resolve("sunlight.db")).useHandle(handle ->
                handle.execute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1"));
        assertThat(run("verify-audit", "--data-dir", dataDir())).isEqualTo(1);
        assertThat(out.toString()).contains("audit log BROKEN at entry 1: its content does not match its hash");
    }
}
