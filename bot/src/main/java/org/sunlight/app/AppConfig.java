package org.sunlight.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.sunlight.channel.wecom.WeChatConfig;
import org.sunlight.storage.DatabaseSettings;

/**
 * Sunlight's settings. Each key is read from, in rising precedence: the built-in default, the
 * config file ({@code sunlight.properties}), the environment ({@code SUNLIGHT_} + key in upper
 * case with '-' as '_', e.g. {@code SUNLIGHT_DATA_DIR}), and command-line options.
 *
 * @param host           address to listen on; 127.0.0.1 by default because the sandbox lets anyone speak as anyone
 * @param port           HTTP port
 * @param dataDir        where the SQLite file lives
 * @param deployment     deployment file, or {@code demo} for the bundled demo deployment
 * @param baseUrl        the public address used in links posted to groups
 * @param sandbox        whether the sandbox channel and page are on
 * @param templatesDir   optional folder of template overrides
 * @param calendarDir    optional folder of holiday files overriding or adding years
 * @param fixedTime      optional instant the clock stands still at (demos and tests)
 * @param wechat         WeChat and WeCom settings (all optional; secrets from the environment or files only)
 * @param database       the database: {@code database-url} ({@code jdbc:postgresql://…} for a cluster; SQLite in
 *                       the data directory by default), {@code database-user}, and the password from
 *                       {@code SUNLIGHT_DATABASE_PASSWORD} or a file named by {@code database-password-file}
 */
public record AppConfig(String host, int port, Path dataDir, String deployment, String baseUrl, boolean sandbox,
                        Path templatesDir, Path calendarDir, Instant fixedTime, WeChatConfig wechat,
                        DatabaseSettings database) {

    public static final String DEMO = "demo";
    static final Set<String> KEYS = union(Set.of("host", "port", "data-dir", "deployment", "base-url", "sandbox",
            "templates-dir", "calendar-dir", "fixed-time", "database-url", "database-user",
            "database-password-file"), WeChatConfig.KEYS);
    private static final String DATABASE_PASSWORD = "database-password";

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> all = new java.util.HashSet<>(first);
        all.addAll(second);
        return Set.copyOf(all);
    }

    /** The database file inside the data directory. */
    public Path databaseFile() {
        return dataDir.resolve("sunlight.db");
    }

    /**
     * Resolves the configuration.
     *
     * @param configFile   the config file to read, or null to read {@code sunlight.properties} if present
     * @param environment  the process environment
     * @param overrides    values given on the command line, by key
     */
    public static AppConfig resolve(Path configFile, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("host", "127.0.0.1");
        values.put("port", "8080");
        values.put("data-dir", "data");
        values.put("deployment", DEMO);
        values.put("sandbox", "true");
        Path file = configFile != null ? configFile : Path.of("sunlight.properties");
        if (configFile != null || Files.exists(file)) {
            values.putAll(readFile(file));
        }
        for (String key : KEYS) {
            String env = environment.get("SUNLIGHT_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (env != null && !env.isBlank()) {
                values.put(key, env.strip());
            }
        }
        overrides.forEach((key, value) -> {
            if (value != null) {
                values.put(key, value);
            }
        });
        int port = parsePort(values.get("port"));
        String baseUrl = values.getOrDefault("base-url", "http://localhost:" + port);
        return new AppConfig(values.get("host"), port, Path.of(values.get("data-dir")), values.get("deployment"),
                stripTrailingSlash(baseUrl), parseBoolean("sandbox", values.get("sandbox")),
                optionalPath(values.get("templates-dir")), optionalPath(values.get("calendar-dir")),
                parseInstant(values.get("fixed-time")), wechat(values, environment), database(values, environment));
    }

    private static DatabaseSettings database(Map<String, String> values, Map<String, String> environment) {
        String url = values.get("database-url");
        if (url == null || url.isBlank()) {
            return DatabaseSettings.sqlite(Path.of(values.get("data-dir")).resolve("sunlight.db"));
        }
        String password = environment.get(WeChatConfig.envName(DATABASE_PASSWORD));
        String passwordFile = values.get("database-password-file");
        if ((password == null || password.isBlank()) && passwordFile != null && !passwordFile.isBlank()) {
            try {
                password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ConfigException("database-password-file: cannot read " + passwordFile + ": "
                        + e.getMessage());
            }
        }
        try {
            return new DatabaseSettings(url, values.get("database-user"), password);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static WeChatConfig wechat(Map<String, String> values, Map<String, String> environment) {
        try {
            return WeChatConfig.resolve(values, environment);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (DATABASE_PASSWORD.equals(key)) {
                throw new ConfigException(file + ": '" + key + "' is a secret and is read only from the environment ("
                        + WeChatConfig.envName(key) + ") or from a file named by '" + key + "-file'");
            }
            if (WeChatConfig.isSecret(key)) {
                throw new ConfigException(file + ": '" + key + "' is a secret and is read only from the environment ("
                        + WeChatConfig.envName(key) + ") or from a file named by '" + key + "-file'");
            }
            if (!KEYS.contains(key)) {
                throw new ConfigException(file + ": unknown key '" + key + "'; known keys: "
                        + KEYS.stream().sorted().toList());
            }
            values.put(key, properties.getProperty(key).strip());
        }
        return values;
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException("port must be a number from 0 to 65535, not '" + value + "'");
        }
    }

    private static boolean parseBoolean(String key, String value) {
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return Boolean.parseBoolean(value);
        }
        throw new ConfigException(key + " must be true or false, not '" + value + "'");
    }

    private static Instant parseInstant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigException("fixed-time must be an ISO instant such as 2026-02-24T01:00:00Z, not '"
                    + value + "'");
        }
    }

    private static Path optionalPath(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A configuration value that cannot be used; the message says which and why. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
