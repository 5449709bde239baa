package org.sunlight.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sunlight.bundled.BundledFileCache;

/**
 * The driver's library is cached and the driver pointed at it. The properties are process-global:
 * each test starts with neither set and puts back what was there. Whether the driver really loads
 * the cached copy is checked in JVMs of their own, since this one may have loaded SQLite already.
 */
class SqliteNativeLibraryTest {

    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

    @TempDir
    Path directory;

    private String savedPath;
    private String savedName;

    @BeforeEach
    void clearProperties() {
        savedPath = System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        savedName = System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
    }

    @AfterEach
    void restoreProperties() {
        restore(SqliteNativeLibrary.PATH_PROPERTY, savedPath);
        restore(SqliteNativeLibrary.NAME_PROPERTY, savedName);
    }

    @Test
    void pointsTheDriverAtACachedCopyOfItsLibraryForThisPlatform() throws Exception {
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));

        Path library = SqliteNativeLibrary.prepare(cache).orElseThrow();

        assertThat(library).startsWith(directory.resolve("cache"));
        assertThat(library.getFileName()).hasToString(System.mapLibraryName("sqlitejdbc"));
        assertThat(Files.readAllBytes(library)).isEqualTo(bundledLibrary());
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo(library.getParent().toString());
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isEqualTo(library.getFileName().toString());
    }

    @Test
    void aSecondPreparationReusesTheCopyWithoutWritingIt() throws Exception {
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));
        Path first = SqliteNativeLibrary.prepare(cache).orElseThrow();
        Files.setLastModifiedTime(first, LONG_AGO);
        Object identity = fileKey(first);
        clearProperties();

        Path second = SqliteNativeLibrary.prepare(cache).orElseThrow();

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second)).isEqualTo(LONG_AGO);
        assertThat(fileKey(second)).isEqualTo(identity);
    }

    @Test
    void aCorruptedCachedCopyIsReplaced() throws Exception {
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));
        Path library = SqliteNativeLibrary.prepare(cache).orElseThrow();
        byte[] truncated = new byte[4096];
        Files.write(library, truncated);
        clearProperties();

        assertThat(SqliteNativeLibrary.prepare(cache)).contains(library);
        assertThat(Files.readAllBytes(library)).isEqualTo(bundledLibrary());
    }

    @Test
    void propertiesTheUserSetAreLeftAlone() {
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));
        System.setProperty(SqliteNativeLibrary.PATH_PROPERTY, "/opt/sqlite");

        assertThat(SqliteNativeLibrary.prepare(cache)).isEmpty();
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo("/opt/sqlite");
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isNull();

        System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        System.setProperty(SqliteNativeLibrary.NAME_PROPERTY, "libmysqlite.so");

        assertThat(SqliteNativeLibrary.prepare(cache)).isEmpty();
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isNull();
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isEqualTo("libmysqlite.so");
        assertThat(directory.resolve("cache")).doesNotExist();
    }

    @Test
    void aCacheThatCannotBeWrittenLeavesTheDriverAlone() throws Exception {
        Path notADirectory = Files.writeString(directory.resolve("cache"), "a file");

        assertThat(SqliteNativeLibrary.prepare(new BundledFileCache(notADirectory))).isEmpty();
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isNull();
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isNull();
    }

    @Test
    void aConnectionWorksAfterPreparation() throws Exception {
        SqliteNativeLibrary.prepare(new BundledFileCache(directory.resolve("cache"))).orElseThrow();

        try (Connection connection = Database.dataSource(directory.resolve("test.db")).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT sqlite_version()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).startsWith("3.");
        }
    }

    @Test
    void aNewJvmLoadsTheCachedLibraryAndTheNextOneLoadsTheSameFile() throws Exception {
        assumeThat(Path.of("/proc/self/maps")).as("Linux, to see which file was mapped").exists();
        Path tmp = Files.createDirectory(directory.resolve("tmp"));

        List<String> first = probe(tmp, "first");
        Path library = mapped(first);
        Files.setLastModifiedTime(library, LONG_AGO);
        Object identity = fileKey(library);
        List<String> second = probe(tmp, "second");

        assertThat(first).anyMatch(line -> line.startsWith("version 3."));
        assertThat(library).startsWith(tmp.resolve(BundledFileCache.directoryName()));
        assertThat(first).as("no copy of the driver's own").noneMatch(line -> line.startsWith("tmp sqlite-"));
        assertThat(mapped(second)).isEqualTo(library);
        assertThat(second).anyMatch(line -> line.startsWith("version 3."))
                .noneMatch(line -> line.startsWith("tmp sqlite-"));
        assertThat(Files.getLastModifiedTime(library)).as("not rewritten").isEqualTo(LONG_AGO);
        assertThat(fileKey(library)).isEqualTo(identity);
    }

    /** Runs {@link SqliteNativeLibraryProbe} with {@code tmp} as its temporary directory; its output lines. */
    private List<String> probe(Path tmp, String name) throws IOException, InterruptedException {
        return JavaProbe.run(directory, name, tmp, SqliteNativeLibraryProbe.class, List.of("-Xmx64m"),
                directory.resolve(name + ".db").toString());
    }

    private static Path mapped(List<String> lines) {
        List<String> libraries = lines.stream().filter(line -> line.startsWith("mapped "))
                .map(line -> line.substring("mapped ".length())).distinct().toList();
        assertThat(libraries).as("one native library mapped: %s", lines).hasSize(1);
        return Path.of(libraries.get(0));
    }

    private static byte[] bundledLibrary() throws IOException {
        URL resource = SQLiteJDBCLoader.class.getResource(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName());
        try (InputStream in = resource.openStream()) {
            return in.readAllBytes();
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
