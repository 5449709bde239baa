package org.sunlight.bench;

import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for the benchmark, from Debian's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}; {@code bench/run --postgres} installs the package if
 * missing). Unlike the tests' server it keeps PostgreSQL's durable defaults ({@code fsync=on},
 * {@code synchronous_commit=on}, {@code full_page_writes=on}), because the figures are compared
 * with SQLite at {@code synchronous=FULL}. It listens only on 127.0.0.1 at a free port, with its
 * socket and data in its own temp directory, which {@link #close()} deletes. initdb refuses to run
 * as root, so as root the server runs as Debian's {@code postgres} user.
 */
final class BenchPostgres implements AutoCloseable {

    private static final String DATABASE = "sunlight_bench";

    private final Path directory;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;
    private final Thread shutdownHook;
    private boolean stopped;

    private BenchPostgres(Path directory, Path bin, int port, boolean asPostgresUser) {
        this.directory = directory;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        // If the benchmark is interrupted, the server must not outlive it.
        this.shutdownHook = new Thread(this::stop, "bench-postgres-stop");
    }

    /** Initialises and starts a server with an empty UTF-8 database for Sunlight. */
    static BenchPostgres start() throws IOException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        // Not under the benchmark's work directory: that one is private to its owner, and the server may
        // run as another user.
        Path directory = Files.createTempDirectory("sunlight-bench-postgres");
        BenchPostgres server = new BenchPostgres(directory, bin, freePort(), root);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", directory.toString()), directory);
            }
            Path data = directory.resolve("data");
            server.command(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--locale=C"));
            String options = "-c listen_addresses=127.0.0.1 -p " + server.port + " -k " + directory;
            server.command(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-o", options,
                    "-l", directory.resolve("server.log").toString(), "-w", "-t", "120", "start"));
            server.execute("CREATE DATABASE " + DATABASE + " TEMPLATE template0 ENCODING 'UTF8'");
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The JDBC URL of the benchmark's database. */
    String url() {
        return url(DATABASE);
    }

    /** The same database with the driver's multi-row rewrite of batched inserts, for bulk generation only. */
    String bulkUrl() {
        return url() + "?reWriteBatchedInserts=true";
    }

    String user() {
        return "postgres";
    }

    /** The major version of the binaries, e.g. "15". */
    String version() {
        return bin.getParent().getFileName().toString();
    }

    /** A server setting as the server reports it ({@code SHOW name}). */
    String show(String setting) {
        try (Connection connection = DriverManager.getConnection(url(), user(), "");
             Statement statement = connection.createStatement();
             var result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused SHOW " + setting, e);
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), user(), "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused: " + sql, e);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Path data = directory.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                command(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w",
                        "-t", "60", "stop"));
            } catch (RuntimeException e) {
                System.err.println("could not stop the benchmark's PostgreSQL: " + e.getMessage());
            }
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
            Path output = Files.createTempFile("sunlight-bench-postgres", ".log");
            try {
                Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("timed out: " + String.join(" ", command));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue()
                            + "):\n" + Files.readString(output, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb and pg_ctl. */
    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path found = versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb"))
                                && Files.isExecutable(bin.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(BenchPostgres::major)).orElse(null);
                if (found != null) {
                    return found;
                }
            } catch (IOException e) {
                // fall through to the explanation below
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed: the PostgreSQL goals need Debian's package "
                + "(apt-get install postgresql; initdb and pg_ctl under /usr/lib/postgresql/<version>/bin); "
                + "bench/run --postgres installs it when run as root or with sudo");
    }

    private static int major(Path bin) {
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
