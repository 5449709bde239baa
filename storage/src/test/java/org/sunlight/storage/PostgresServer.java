package org.sunlight.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests, from Debian's packages: found under
 * {@code /usr/lib/postgresql/<version>/bin}, installed with apt-get if missing and we are root,
 * initialised in a temp directory, listening only on 127.0.0.1 at a free port with its socket in
 * that directory, started once per JVM and stopped (and deleted) when the JVM exits. Each call of
 * {@link #freshDatabase()} creates an empty database. initdb refuses to run as root, so as root the
 * server runs as Debian's {@code postgres} user.
 */
public final class PostgresServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer instance;

    private final Path directory;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path directory, Path bin, int port, boolean asPostgresUser) {
        this.directory = directory;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer get() {
        if (instance == null) {
            instance = start();
            PostgresServer started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-stop"));
        }
        return instance;
    }

    /** A new, empty database (migrated by whoever opens it with {@link Database#open(DatabaseSettings)}). */
    public static DatabaseSettings freshDatabase() {
        PostgresServer server = get();
        String name = "sunlight_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        server.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        return new DatabaseSettings(server.url(name), "postgres", null);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Runs one statement in the {@code postgres} maintenance database. */
    public void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused: " + sql, e);
        }
    }

    private static PostgresServer start() {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path directory = Files.createTempDirectory("sunlight-postgres");
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", directory.toString()), directory);
            }
            PostgresServer server = new PostgresServer(directory, bin, freePort(), root);
            server.initAndStart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL for the tests", e);
        }
    }

    private void initAndStart() {
        Path data = directory.resolve("data");
        command(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"));
        // Durability is pointless for a throwaway server; speed is not.
        String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + directory
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
                + " -c shared_buffers=32MB";
        command(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-o", options,
                "-l", directory.resolve("server.log").toString(), "-w", "-t", "60", "start"));
    }

    private void stop() {
        try {
            command(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(),
                    "-m", "immediate", "-w", "stop"));
        } catch (RuntimeException e) {
            System.err.println("could not stop the test PostgreSQL: " + e.getMessage());
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }

    private void command(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, directory);
    }

    private static void run(List<String> command, Path workingDirectory) {
        try {
            Path output = Files.createTempFile("sunlight-postgres", ".log");
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue()
                        + "):\n" + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin}, installing Debian's package first if needed. */
    static Path findBinaries() {
        Path found = newestBin();
        if (found == null && "root".equals(System.getProperty("user.name"))) {
            run(List.of("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                    + "postgresql >/dev/null"), Path.of("/"));
            found = newestBin();
        }
        if (found == null) {
            throw new IllegalStateException("PostgreSQL is not installed: the PostgreSQL tests need Debian's "
                    + "package (apt-get install postgresql, which puts initdb and pg_ctl under "
                    + "/usr/lib/postgresql/<version>/bin); ./sunlight test installs it when run as root or with sudo");
        }
        return found;
    }

    private static Path newestBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresServer::version)).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
