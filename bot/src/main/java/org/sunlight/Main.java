package org.sunlight;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.AppConfig;
import org.sunlight.app.Sunlight;
import org.sunlight.audit.AuditLog;
import org.sunlight.channel.wecom.WeComGroupCommands;
import org.sunlight.cluster.MigrateToPostgresCommand;
import org.sunlight.deployment.Deployment;
import org.sunlight.deployment.DeploymentException;
import org.sunlight.deployment.DeploymentLoader;
import org.sunlight.disclosure.RecordIntegrity;
import org.sunlight.storage.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Sunlight's command line: {@code serve}, {@code load}, {@code verify-audit}, {@code set-password},
 * {@code wecom-groups}, {@code bind-group}, {@code migrate-to-postgres}.
 */
@Command(name = "sunlight", mixinStandardHelpOptions = true, version = "Sunlight 0.1.0",
        description = "阳光监督助手 Sunlight: disclosure and escalation bot for residential complexes.",
        subcommands = {Main.Serve.class, Main.Load.class, Main.VerifyAudit.class, Main.SetPassword.class,
                WeComGroupCommands.ListGroups.class, WeComGroupCommands.BindGroup.class,
                MigrateToPostgresCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The command line with Sunlight's error handling: input problems exit 2 with their message, no stack trace. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((error, commandLine, parsed) -> {
            if (error instanceof DeploymentException || error instanceof AppConfig.ConfigException
                    || error instanceof org.sunlight.calendar.CalendarFileException) {
                commandLine.getErr().println(error.getMessage());
                return 2;
            }
            throw error;
        });
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Options every command shares. */
    static final class ConfigOptions {
        @Option(names = "--config", description = "config file (default: ./sunlight.properties if present)")
        Path configFile;

        @Option(names = "--data-dir", description = "directory of the SQLite database (default: data)")
        String dataDir;

        AppConfig resolve(Map<String, String> more) {
            Map<String, String> overrides = new HashMap<>(more);
            overrides.put("data-dir", dataDir);
            return AppConfig.resolve(configFile, System.getenv(), overrides);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run the service: web, sandbox, schedules and workers.")
    static final class Serve implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--port", description = "HTTP port (default 8080)")
        String port;

        @Option(names = "--host", description = "address to listen on (default 127.0.0.1)")
        String host;

        @Option(names = "--deployment", description = "deployment file to load at start, or 'demo' (default)")
        String deployment;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("port", port);
            overrides.put("host", host);
            overrides.put("deployment", deployment);
            AppConfig config = options.resolve(overrides);
            long began = System.nanoTime();
            Sunlight sunlight = new Sunlight(config, Sunlight.clockFor(config));
            org.slf4j.LoggerFactory.getLogger(Main.class).info("built in {} ms", (System.nanoTime() - began) / 1_000_000);
            sunlight.loadDeployment();
            sunlight.serve();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sunlight.close();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Check a deployment file and load it into the database (idempotent).")
    static final class Load implements Callable<Integer> {
        @Spec
        CommandSpec commandSpec;

        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", description = "the deployment file (YAML), or 'demo'")
        String file;

        @Option(names = "--dry-run", description = "only check the file; change nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            AppConfig config = options.resolve(Map.of());
            Deployment deployment = Sunlight.readDeployment(file);
            if (dryRun) {
                commandSpec.commandLine().getOut().println(file + ": OK (" + deployment.towns().size() + " town(s), "
                        + deployment.people().size() + " people); nothing changed (dry run)");
                return 0;
            }
            var jdbi = Database.open(config.database());
            DeploymentLoader.LoadReport report;
            try {
                report = new DeploymentLoader(jdbi, new AuditLog(jdbi, Sunlight.clockFor(config)))
                        .load(deployment, "cli");
            } finally {
                Database.close(jdbi);
            }
            if (report.changes().isEmpty()) {
                commandSpec.commandLine().getOut().println(file + ": already loaded; nothing changed");
            } else {
                report.changes().forEach(change -> commandSpec.commandLine().getOut().println("  " + change));
                commandSpec.commandLine().getOut().println(file + ": " + report.changes().size() + " change(s) loaded");
            }
            report.notInFile().forEach(missing -> commandSpec.commandLine().getOut().println("  warning: " + missing
                    + " is in the database but not in the file (kept)"));
            return 0;
        }
    }

    @Command(name = "verify-audit", mixinStandardHelpOptions = true,
            description = "Verify the whole hash-chained audit log and that ledger entries and statements match it; "
                    + "exit 1 and name the first broken link or each differing record.")
    static final class VerifyAudit implements Callable<Integer> {
        @Spec
        CommandSpec commandSpec;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            AppConfig config = options.resolve(Map.of());
            var jdbi = Database.open(config.database());
            try {
                return verify(jdbi, config);
            } finally {
                Database.close(jdbi);
            }
        }

        private int verify(Jdbi jdbi, AppConfig config) {
            AuditLog.Verification verification = new AuditLog(jdbi, Sunlight.clockFor(config)).verify();
            PrintWriter out = commandSpec.commandLine().getOut();
            if (!verification.intact()) {
                out.println("audit log BROKEN at entry " + verification.firstBrokenSeq() + ": "
                        + verification.reason() + " (" + verification.entriesChecked() + " entries before it verified)");
                return 1;
            }
            out.println("audit log intact: " + verification.entriesChecked() + " entries verified");
            // An intact chain says nothing of ledger and statement rows edited beside it: compare those too.
            RecordIntegrity.Result records = new RecordIntegrity(jdbi).check();
            if (records.matches()) {
                out.println("ledger entries (" + records.entriesChecked() + ") and statements ("
                        + records.statementsChecked() + ") match the audit log");
                return 0;
            }
            out.println("records DIFFER from the audit log (" + records.findings().size() + "):");
            records.findings().stream().limit(50).forEach(finding -> out.println("  " + finding.describe()));
            return 1;
        }
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true,
            description = "Set an officer's dashboard password, read from standard input (never echoed or logged).")
    static final class SetPassword implements Callable<Integer> {
        @Spec
        CommandSpec commandSpec;

        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", description = "the person's code, e.g. lin-jiwei")
        String personCode;

        @Override
        public Integer call() throws java.io.IOException {
            AppConfig config = options.resolve(Map.of());
            char[] password = readPassword();
            var jdbi = Database.open(config.database());
            try {
                var clock = Sunlight.clockFor(config);
                new org.sunlight.auth.Accounts(jdbi, new org.sunlight.registry.Registry(jdbi), new AuditLog(jdbi, clock),
                        clock).setPassword(personCode, password);
                commandSpec.commandLine().getOut().println("password set for " + personCode
                        + "; their other sessions are signed out");
                return 0;
            } catch (org.sunlight.app.Rejected rejected) {
                commandSpec.commandLine().getErr().println(rejected.getMessage());
                return 2;
            } finally {
                java.util.Arrays.fill(password, '\0');
                Database.close(jdbi);
            }
        }

        /** From the terminal without echo, else the first line of standard input (for scripts). */
        private static char[] readPassword() throws java.io.IOException {
            java.io.Console console = System.console();
            if (console != null) {
                char[] typed = console.readPassword("新密码 (new password): ");
                return typed == null ? new char[0] : typed;
            }
            java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8));
            String line = reader.readLine();
            return line == null ? new char[0] : line.toCharArray();
        }
    }
}
