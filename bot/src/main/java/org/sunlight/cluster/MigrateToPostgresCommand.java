package org.sunlight.cluster;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.AppConfig;
import org.sunlight.app.ConfigOptions;
import org.sunlight.app.Sunlight;
import org.sunlight.audit.AuditLog;
import org.sunlight.cli.Arguments;
import org.sunlight.cli.Command;
import org.sunlight.cli.CommandSpec;
import org.sunlight.cli.CommandSpec.Option;
import org.sunlight.storage.Database;
import org.sunlight.storage.DatabaseCopy;
import org.sunlight.storage.DatabaseSettings;
import org.sunlight.storage.Dialect;

/**
 * {@code migrate-to-postgres}: copies a stopped SQLite deployment into a new PostgreSQL database,
 * then checks it: the same rows per table and an intact audit chain on PostgreSQL. Exit 0 only if
 * both hold; the SQLite file is never changed.
 */
public final class MigrateToPostgresCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec("migrate-to-postgres",
            "Copy the SQLite database into an empty PostgreSQL database (one transaction), then verify "
                    + "row counts and the audit chain there. Stop Sunlight first; the password comes from "
                    + "SUNLIGHT_DATABASE_PASSWORD.",
            ConfigOptions.and(
                    Option.required("--to", "targetUrl", "target, e.g. jdbc:postgresql://db.example:5432/sunlight"),
                    Option.value("--user", "user", "PostgreSQL user (default: database-user from the config)")),
            List.of());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments arguments, PrintWriter out, PrintWriter err) {
        String targetUrl = arguments.value("--to");
        String user = arguments.value("--user");
        AppConfig config = ConfigOptions.resolve(arguments, Map.of());
        if (config.database().dialect() != Dialect.SQLITE) {
            throw new AppConfig.ConfigException("the configured database is already " + config.database().url()
                    + "; migrate-to-postgres copies from the SQLite file (unset database-url)");
        }
        DatabaseSettings targetSettings = new DatabaseSettings(targetUrl,
                user != null ? user : config.database().user(), System.getenv("SUNLIGHT_DATABASE_PASSWORD"));
        if (targetSettings.dialect() != Dialect.POSTGRESQL) {
            throw new AppConfig.ConfigException("--to must be a jdbc:postgresql:// URL, not '" + targetUrl + "'");
        }
        Jdbi source = Database.open(config.database());
        try {
            Jdbi target = Database.open(targetSettings);
            try {
                return copy(source, target, targetUrl, config, out);
            } finally {
                Database.close(target);
            }
        } finally {
            Database.close(source);
        }
    }

    private static int copy(Jdbi source, Jdbi target, String targetUrl, AppConfig config, PrintWriter out) {
        DatabaseCopy.Report report = DatabaseCopy.copy(source, target);
        report.rowsByTable().forEach((table, rows) -> out.println("  " + table + ": " + rows));
        out.println("copied " + report.totalRows() + " rows in " + report.rowsByTable().size() + " tables");

        List<String> tables = List.copyOf(report.rowsByTable().keySet());
        Map<String, Long> sourceCounts = DatabaseCopy.rowCounts(source, tables);
        Map<String, Long> targetCounts = DatabaseCopy.rowCounts(target, tables);
        if (!sourceCounts.equals(targetCounts)) {
            out.println("row counts DIFFER: SQLite " + sourceCounts + ", PostgreSQL " + targetCounts);
            return 1;
        }
        AuditLog.Verification verification = new AuditLog(target, Sunlight.clockFor(config)).verify();
        if (!verification.intact()) {
            out.println("audit log BROKEN on PostgreSQL at entry " + verification.firstBrokenSeq() + ": "
                    + verification.reason());
            return 1;
        }
        out.println("row counts match; audit log intact on PostgreSQL: " + verification.entriesChecked()
                + " entries verified");
        out.println("now set database-url=" + targetUrl + " (and database-user) in sunlight.properties");
        return 0;
    }
}
