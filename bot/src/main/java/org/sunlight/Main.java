package org.sunlight;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.AppConfig;
import org.sunlight.app.ConfigOptions;
import org.sunlight.app.Sunlight;
import org.sunlight.audit.AuditLog;
import org.sunlight.calendar.CalendarFileException;
import org.sunlight.channel.wecom.WeComGroupCommands;
import org.sunlight.cli.Arguments;
import org.sunlight.cli.Command;
import org.sunlight.cli.CommandLine;
import org.sunlight.cli.CommandSpec;
import org.sunlight.cli.CommandSpec.Option;
import org.sunlight.cli.CommandSpec.Parameter;
import org.sunlight.cluster.MigrateToPostgresCommand;
import org.sunlight.deployment.Deployment;
import org.sunlight.deployment.DeploymentException;
import org.sunlight.deployment.DeploymentLoader;
import org.sunlight.disclosure.RecordIntegrity;
import org.sunlight.storage.Database;

/**
 * Sunlight's command line: {@code serve}, {@code load}, {@code verify-audit}, {@code set-password},
 * {@code wecom-groups}, {@code bind-group}, {@code migrate-to-postgres}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The command line with Sunlight's error handling: input problems exit 2 with their message, no stack trace. */
    public static CommandLine commandLine() {
        return new CommandLine("sunlight", "Sunlight 0.1.0",
                "阳光监督助手 Sunlight: disclosure and escalation bot for residential complexes.",
                List.of(new Serve(), new Load(), new VerifyAudit(), new SetPassword(),
                        new WeComGroupCommands.ListGroups(), new WeComGroupCommands.BindGroup(),
                        new MigrateToPostgresCommand()),
                error -> error instanceof DeploymentException || error instanceof AppConfig.ConfigException
                        || error instanceof CalendarFileException);
    }

    static final class Serve implements Command {
        private static final CommandSpec SPEC = new CommandSpec("serve",
                "Run the service: web, sandbox, schedules and workers.",
                ConfigOptions.and(
                        Option.value("--port", "port", "HTTP port (default 8080)"),
                        Option.value("--host", "host", "address to listen on (default 127.0.0.1)"),
                        Option.value("--deployment", "deployment",
                                "deployment file to load at start, or 'demo' (default)")),
                List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Arguments arguments, PrintWriter out, PrintWriter err) throws InterruptedException {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("port", arguments.value("--port"));
            overrides.put("host", arguments.value("--host"));
            overrides.put("deployment", arguments.value("--deployment"));
            AppConfig config = ConfigOptions.resolve(arguments, overrides);
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

    static final class Load implements Command {
        private static final CommandSpec SPEC = new CommandSpec("load",
                "Check a deployment file and load it into the database (idempotent).",
                ConfigOptions.and(Option.flag("--dry-run", "only check the file; change nothing")),
                List.of(new Parameter("file", "the deployment file (YAML), or 'demo'")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Arguments arguments, PrintWriter out, PrintWriter err) {
            String file = arguments.parameter("file");
            AppConfig config = ConfigOptions.resolve(arguments, Map.of());
            Deployment deployment = Sunlight.readDeployment(file);
            if (arguments.flag("--dry-run")) {
                out.println(file + ": OK (" + deployment.towns().size() + " town(s), "
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
                out.println(file + ": already loaded; nothing changed");
            } else {
                report.changes().forEach(change -> out.println("  " + change));
                out.println(file + ": " + report.changes().size() + " change(s) loaded");
            }
            report.notInFile().forEach(missing -> out.println("  warning: " + missing
                    + " is in the database but not in the file (kept)"));
            return 0;
        }
    }

    static final class VerifyAudit implements Command {
        private static final CommandSpec SPEC = new CommandSpec("verify-audit",
                "Verify the whole hash-chained audit log and that ledger entries and statements match it; "
                        + "exit 1 and name the first broken link or each differing record.",
                ConfigOptions.and(), List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Arguments arguments, PrintWriter out, PrintWriter err) {
            AppConfig config = ConfigOptions.resolve(arguments, Map.of());
            var jdbi = Database.open(config.database());
            try {
                return verify(jdbi, config, out);
            } finally {
                Database.close(jdbi);
            }
        }

        private static int verify(Jdbi jdbi, AppConfig config, PrintWriter out) {
            AuditLog.Verification verification = new AuditLog(jdbi, Sunlight.clockFor(config)).verify();
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

    static final class SetPassword implements Command {
        private static final CommandSpec SPEC = new CommandSpec("set-password",
                "Set an officer's dashboard password, read from standard input (never echoed or logged).",
                ConfigOptions.and(),
                List.of(new Parameter("personCode", "the person's code, e.g. lin-jiwei")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Arguments arguments, PrintWriter out, PrintWriter err) throws java.io.IOException {
            String personCode = arguments.parameter("personCode");
            AppConfig config = ConfigOptions.resolve(arguments, Map.of());
            char[] password = readPassword();
            var jdbi = Database.open(config.database());
            try {
                var clock = Sunlight.clockFor(config);
                new org.sunlight.auth.Accounts(jdbi, new org.sunlight.registry.Registry(jdbi), new AuditLog(jdbi, clock),
                        clock).setPassword(personCode, password);
                out.println("password set for " + personCode + "; their other sessions are signed out");
                return 0;
            } catch (org.sunlight.app.Rejected rejected) {
                err.println(rejected.getMessage());
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
