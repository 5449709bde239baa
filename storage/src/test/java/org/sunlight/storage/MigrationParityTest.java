package org.sunlight.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two migration sets describe one schema: same versions, same tables, same columns in the same order. */
class MigrationParityTest {

    @TempDir
    Path directory;

    @Test
    void bothDialectsHaveTheSameMigrationVersions() throws Exception {
        assertThat(versions("postgresql")).isEqualTo(versions("sqlite")).isNotEmpty();
    }

    @Test
    void bothDialectsEndWithTheSameTablesAndColumns() {
        Jdbi sqlite = TestDatabases.open(Dialect.SQLITE, directory);
        Jdbi postgresql = TestDatabases.open(Dialect.POSTGRESQL, directory);

        assertThat(TestDatabases.columns(postgresql)).isEqualTo(TestDatabases.columns(sqlite));
        assertThat(TestDatabases.tables(sqlite)).contains("audit_log", "outbox", "inbound_message");
    }

    private static List<String> versions(String folder) throws IOException, URISyntaxException {
        Path path = Path.of(MigrationParityTest.class.getResource("/db/migration/" + folder).toURI());
        try (Stream<Path> files = Files.list(path)) {
            return files.map(file -> file.getFileName().toString())
                    .map(name -> name.substring(0, name.indexOf("__")))
                    .sorted().toList();
        }
    }
}
