package org.sunlight.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.javalin.Javalin;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.audit.AuditLog;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.channel.Channel;
import org.sunlight.channel.Outbox;
import org.sunlight.channel.OutboxWorker;
import org.sunlight.channel.sandbox.SandboxChannel;
import org.sunlight.channel.sandbox.SandboxController;
import org.sunlight.channel.sandbox.SandboxGroups;
import org.sunlight.channel.sandbox.SandboxService;
import org.sunlight.channel.sandbox.SandboxStore;
import org.sunlight.complex.ComplexPageController;
import org.sunlight.conversation.CommandRegistry;
import org.sunlight.conversation.HelpCommand;
import org.sunlight.conversation.InboundPipeline;
import org.sunlight.deployment.Deployment;
import org.sunlight.disclosure.DisclosureDuties;
import org.sunlight.disclosure.DueDates;
import org.sunlight.disclosure.StatementChart;
import org.sunlight.disclosure.StatementController;
import org.sunlight.disclosure.Statements;
import org.sunlight.disclosure.StatementsCommand;
import org.sunlight.escalation.Escalations;
import org.sunlight.deployment.DeploymentLoader;
import org.sunlight.deployment.DeploymentParser;
import org.sunlight.ledger.ConfirmEntryCommand;
import org.sunlight.ledger.CorrectionCommand;
import org.sunlight.ledger.LedgerCommand;
import org.sunlight.ledger.LedgerController;
import org.sunlight.ledger.LedgerService;
import org.sunlight.ledger.LedgerStore;
import org.sunlight.ledger.UploadLinks;
import org.sunlight.registry.Registry;
import org.sunlight.schedule.Schedules;
import org.sunlight.storage.Database;
import org.sunlight.templates.Templates;
import org.sunlight.web.HealthController;
import org.sunlight.web.WebApp;
import org.sunlight.web.WebRoutes;

/**
 * The composition root: builds every part of Sunlight with {@code new}, in dependency order,
 * and owns their lifecycle. Nothing else creates services; nothing is static.
 */
public final class Sunlight implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sunlight.class);

    private final AppConfig config;
    private final Clock clock;
    private final Jdbi jdbi;
    private final AuditLog auditLog;
    private final Registry registry;
    private final Templates templates;
    private final WorkingCalendar calendar;
    private final Outbox outbox;
    private final OutboxWorker outboxWorker;
    private final InboundPipeline inbound;
    private final SandboxService sandbox;
    private final Escalations escalations;
    private final Schedules schedules;
    private final Statements statements;
    private final LedgerService ledgers;
    private final UploadLinks uploadLinks;
    private final DisclosureDuties disclosureDuties;
    private final Javalin web;

    public Sunlight(AppConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.jdbi = Database.open(config.databaseFile());
        this.auditLog = new AuditLog(jdbi, clock);
        this.registry = new Registry(jdbi);
        this.templates = new Templates(config.templatesDir());
        this.calendar = WorkingCalendar.load(config.calendarDir());
        this.outbox = new Outbox(jdbi, clock);

        SandboxStore sandboxStore = new SandboxStore(jdbi, clock);
        Map<String, Channel> channels = Map.of(SandboxChannel.NAME, new SandboxChannel(sandboxStore));
        this.outboxWorker = new OutboxWorker(outbox, channels, clock);

        this.escalations = new Escalations(jdbi, registry, calendar, outbox, auditLog, templates, clock,
                config.baseUrl());
        LedgerStore ledgerStore = new LedgerStore(jdbi);
        this.statements = new Statements(jdbi, registry, ledgerStore, calendar, outbox, auditLog, templates, clock,
                config.baseUrl());
        this.uploadLinks = new UploadLinks(jdbi, clock);
        this.ledgers = new LedgerService(jdbi, registry, ledgerStore, auditLog, escalations, statements, uploadLinks,
                clock);
        this.disclosureDuties = new DisclosureDuties(jdbi, registry, new DueDates(calendar), statements, outbox,
                escalations, templates, clock, config.baseUrl());

        CommandRegistry commands = new CommandRegistry(List.of(
                new HelpCommand(templates, config.baseUrl()),
                new LedgerCommand(uploadLinks, ledgers, outbox, templates, config.baseUrl()),
                new ConfirmEntryCommand(ledgers, templates, config.baseUrl()),
                new CorrectionCommand(ledgers, templates, config.baseUrl()),
                new StatementsCommand(statements, templates)));
        this.inbound = new InboundPipeline(jdbi, registry, commands, outbox, templates, clock);

        SandboxGroups sandboxGroups = new SandboxGroups(registry);
        this.sandbox = new SandboxService(sandboxGroups, sandboxStore, inbound, registry, clock);

        this.schedules = new Schedules(jdbi, clock, List.of(disclosureDuties.task()));

        List<WebRoutes> routes = new ArrayList<>();
        routes.add(new HealthController(jdbi, outbox, this::warnings));
        routes.add(new ComplexPageController(registry, templates));
        routes.add(new StatementController(statements, new StatementChart(), registry, templates));
        routes.add(new LedgerController(ledgers, uploadLinks, registry, templates, config.baseUrl()));
        if (config.sandbox()) {
            routes.add(new SandboxController(sandbox, registry, templates));
        }
        this.web = WebApp.create(routes, templates);
    }

    /** Loads the configured deployment file (or the bundled demo). */
    public DeploymentLoader.LoadReport loadDeployment() {
        Deployment deployment = readDeployment(config.deployment());
        DeploymentLoader.LoadReport report = new DeploymentLoader(jdbi, auditLog).load(deployment, "deployment");
        if (report.changedAnything()) {
            LOG.info("deployment {} loaded: {} change(s)", deployment.source(), report.changes().size());
        } else {
            LOG.info("deployment {} unchanged", deployment.source());
        }
        report.notInFile().forEach(missing -> LOG.warn("{} is in the database but not in the deployment file",
                missing));
        return report;
    }

    /** Parses a deployment file, or the bundled demo for {@link AppConfig#DEMO}. */
    public static Deployment readDeployment(String location) {
        DeploymentParser parser = new DeploymentParser();
        if (AppConfig.DEMO.equals(location)) {
            try (InputStream in = Sunlight.class.getResourceAsStream("/demo/deployment.yml")) {
                return parser.parse("demo/deployment.yml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("the bundled demo deployment is missing", e);
            }
        }
        return parser.parse(Path.of(location));
    }

    /** Starts the workers and the web server. */
    public Sunlight start() {
        startWorkers();
        schedules.start();
        web.start(config.host(), config.port());
        LOG.info("Sunlight serving on {} (sandbox {})", config.baseUrl(), config.sandbox() ? "on" : "off");
        return this;
    }

    /** Starts the background workers only (tests that drive {@link #web()} themselves use this). */
    public void startWorkers() {
        inbound.start();
        outboxWorker.start();
    }

    /** Things a deployer must fix, shown on /health. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>(calendar.warnings(LocalDate.now(clock.withZone(
                WorkingCalendar.ZONE))));
        if (config.sandbox() && !"127.0.0.1".equals(config.host()) && !"localhost".equals(config.host())) {
            warnings.add("沙盒已开启且对外监听：任何人都能冒充任何身份发言，正式部署请设置 SUNLIGHT_SANDBOX=false");
        }
        return warnings;
    }

    public int port() {
        return web.port();
    }

    public Javalin web() {
        return web;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public Registry registry() {
        return registry;
    }

    public Outbox outbox() {
        return outbox;
    }

    public OutboxWorker outboxWorker() {
        return outboxWorker;
    }

    public InboundPipeline inbound() {
        return inbound;
    }

    public SandboxService sandbox() {
        return sandbox;
    }

    public Clock clock() {
        return clock;
    }

    /** The clock a configuration asks for: fixed for demos and tests, the system clock otherwise. */
    public static Clock clockFor(AppConfig config) {
        return config.fixedTime() != null ? Clock.fixed(config.fixedTime(), ZoneOffset.UTC) : Clock.systemUTC();
    }

    public Escalations escalations() {
        return escalations;
    }

    public Schedules schedules() {
        return schedules;
    }

    public WorkingCalendar calendar() {
        return calendar;
    }

    public Templates templates() {
        return templates;
    }

    public Statements statements() {
        return statements;
    }

    public LedgerService ledgers() {
        return ledgers;
    }

    public UploadLinks uploadLinks() {
        return uploadLinks;
    }

    public DisclosureDuties disclosureDuties() {
        return disclosureDuties;
    }

    @Override
    public void close() {
        web.stop();
        schedules.close();
        outboxWorker.close();
        inbound.close();
    }
}
