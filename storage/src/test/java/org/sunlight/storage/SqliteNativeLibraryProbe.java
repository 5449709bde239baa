package org.sunlight.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * Run as a JVM of its own by {@link SqliteNativeLibraryTest}: opens a real database as the service
 * does, then prints the SQLite version, the native library the driver mapped (from
 * {@code /proc/self/maps}) and what is in the temporary directory.
 */
public final class SqliteNativeLibraryProbe {

    private SqliteNativeLibraryProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = Database.dataSource(Path.of(args[0])).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT sqlite_version()")) {
            result.next();
            System.out.println("version " + result.getString(1));
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains("sqlitejdbc") && line.indexOf('/') >= 0) {
                System.out.println("mapped " + line.substring(line.indexOf('/')));
            }
        }
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            files.forEach(file -> System.out.println("tmp " + file.getFileName()));
        }
    }
}
