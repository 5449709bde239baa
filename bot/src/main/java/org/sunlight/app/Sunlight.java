package org.sunlight.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.javalin.Javalin;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.assembly.MeetingCommands;
import org.sunlight.assembly.MeetingKind;
import org.sunlight.assembly.MeetingService;
import org.sunlight.audit.AuditLog;
import org.sunlight.auth.Accounts;
import org.sunlight.auth.AuthController;
import org.sunlight.auth.WebGuard;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.channel.Channel;
import org.sunlight.channel.GroupPosts;
import org.sunlight.channel.Outbox;
import org.sunlight.channel.OutboxWorker;
import org.sunlight.channel.mp.MpInbound;
import org.sunlight.channel.sandbox.SandboxChannel;
import org.sunlight.channel.sandbox.SandboxController;
import org.sunlight.channel.sandbox.SandboxGroups;
import org.sunlight.channel.sandbox.SandboxService;
import org.sunlight.channel.sandbox.SandboxStore;
import org.sunlight.channel.wecom.WeChat;
import org.sunlight.complex.ComplexPageController;
import org.sunlight.conversation.ChatCommand;
import org.sunlight.conversation.CommandRegistry;
import org.sunlight.conversation.HelpCommand;
import org.sunlight.conversation.InboundPipeline;
import org.sunlight.dashboard.DashboardController;
import org.sunlight.dashboard.LeagueTables;
import org.sunlight.deployment.Deployment;
import org.sunlight.escalation.Decisions;
import org.sunlight.escalation.EscalationQueries;
import org.sunlight.escalation.EscalationSweep;
import org.sunlight.escalation.Escalations;
import org.sunlight.escalation.LadderVersion;
import org.sunlight.deployment.DeploymentLoader;
import org.sunlight.deployment.DeploymentParser;
import org.sunlight.question.QuestionCommands;
import org.sunlight.question.QuestionFigures;
import org.sunlight.question.QuestionFormController;
import org.sunlight.question.QuestionService;
import org.sunlight.disclosure.DisclosureDuties;
import org.sunlight.disclosure.DueDates;
import org.sunlight.disclosure.StatementChart;
import org.sunlight.disclosure.StatementController;
import org.sunlight.disclosure.Statements;
import org.sunlight.disclosure.StatementsCommand;
import org.sunlight.ledger.ConfirmEntryCommand;
import org.sunlight.ledger.CorrectionCommand;
import org.sunlight.ledger.LedgerCommand;
import org.sunlight.ledger.LedgerController;
import org.sunlight.ledger.LedgerService;
import org.sunlight.ledger.LedgerStore;
import org.sunlight.ledger.UploadLinks;
import org.sunlight.registry.Registry;
import org.sunlight.roster.StandingPosts;
import org.sunlight.schedule.ScheduledTask;
import org.sunlight.schedule.Schedules;
import org.sunlight.storage.Database;
import org.sunlight.survey.SurveyCommands;
import org.sunlight.survey.SurveyController;
import org.sunlight.survey.SurveyService;
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
    private static final String DEMO_DEPLOYMENT = "demo/deployment.yml";

    private final AppConfig config;
    private final Clock clock;
    private final Jdbi jdbi;
    private volatile boolean closing;
    private final AuditLog auditLog;
    private final Registry registry;
    private final Templates templates;
    private final List<String> templateProblems;
    private final WorkingCalendar calendar;
    private final Outbox outbox;
    private final OutboxWorker outboxWorker;
    private final InboundPipeline inbound;
    private final SandboxService sandbox;
    private final Escalations escalations;
    private final QuestionService questions;
    private final Decisions decisions;
    private final EscalationSweep escalationSweep;
    private final Accounts accounts;
    private final Schedules schedules;
    private final StandingPosts standingPosts;
    private final WeChat wechat;
    private final Statements statements;
    private final LedgerService ledgers;
    private final UploadLinks uploadLinks;
    private final DisclosureDuties disclosureDuties;
    private final CompletableFuture<Javalin> web;

    public Sunlight(AppConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.jdbi = Database.open(config.database());
        this.auditLog = new AuditLog(jdbi, clock);
        this.registry = new Registry(jdbi);
        this.templates = new Templates(config.templatesDir());
        // A broken override is reported now, with file and line; rendering falls back to the bundled default.
        this.templateProblems = templates.validateOverrides();
        templateProblems.forEach(problem -> LOG.warn("template override ignored: {}", problem));
        this.calendar = WorkingCalendar.load(config.calendarDir());
        this.outbox = new Outbox(jdbi, clock);

        SandboxStore sandboxStore = new SandboxStore(jdbi, clock);

        GroupPosts groupPosts = new GroupPosts(registry, outbox);
        this.escalations = new Escalations(jdbi, registry, calendar, outbox, auditLog, templates, clock,
                config.baseUrl());
        this.questions = new QuestionService(jdbi, escalations, calendar, outbox, templates, clock);
        int olderAnswers = new QuestionFigures(jdbi, calendar).countOlderAnswers();
        if (olderAnswers > 0) {
            LOG.info("league tables: counted the working days of {} answer(s) given before the figures existed",
                    olderAnswers);
        }
        this.decisions = new Decisions(jdbi, escalations, registry, templates, clock);
        this.escalationSweep = new EscalationSweep(jdbi, escalations, registry);
        LedgerStore ledgerStore = new LedgerStore(jdbi);
        StatementChart statementChart = new StatementChart();
        this.statements = new Statements(jdbi, registry, ledgerStore, calendar, outbox, auditLog, templates,
                statementChart, clock, config.baseUrl());
        this.uploadLinks = new UploadLinks(jdbi, clock);
        this.ledgers = new LedgerService(jdbi, registry, ledgerStore, auditLog, escalations, statements, uploadLinks,
                clock);
        this.disclosureDuties = new DisclosureDuties(jdbi, registry, new DueDates(calendar), statements, outbox,
                escalations, templates, clock, config.baseUrl());
        SurveyService surveys = new SurveyService(jdbi, registry, groupPosts, escalations, auditLog, templates, clock,
                config.baseUrl());
        MeetingService meetings = new MeetingService(jdbi, registry, groupPosts, escalations, auditLog, templates,
                clock);
        StandingPosts standingPosts = new StandingPosts(jdbi, registry, groupPosts, templates, config.baseUrl());

        List<ChatCommand> commandList = new ArrayList<>();
        commandList.add(new HelpCommand(templates, config.baseUrl()));
        commandList.add(new LedgerCommand(uploadLinks, ledgers, outbox, templates, config.baseUrl()));
        commandList.add(new ConfirmEntryCommand(ledgers, templates, config.baseUrl()));
        commandList.add(new CorrectionCommand(ledgers, templates, config.baseUrl()));
        commandList.add(new StatementsCommand(statements, templates));
        commandList.addAll(QuestionCommands.all(questions, templates));
        commandList.add(SurveyCommands.open(surveys, templates));
        commandList.add(SurveyCommands.vote(surveys, templates, true));
        commandList.add(SurveyCommands.vote(surveys, templates, false));
        commandList.add(MeetingCommands.notice(meetings, MeetingKind.ASSEMBLY));
        commandList.add(MeetingCommands.notice(meetings, MeetingKind.ANNUAL_REPORT));
        commandList.add(MeetingCommands.results(meetings));
        commandList.add(MeetingCommands.offAgenda(meetings, templates));
        CommandRegistry commands = new CommandRegistry(commandList);
        this.inbound = new InboundPipeline(jdbi, registry, commands, outbox, templates, clock);

        SandboxGroups sandboxGroups = new SandboxGroups(registry);
        this.sandbox = new SandboxService(sandboxGroups, sandboxStore, inbound, registry, clock);

        this.standingPosts = standingPosts;
        this.wechat = new WeChat(config.wechat(), jdbi, clock, inbound, outbox, templates, registry, auditLog,
                escalations);
        Map<String, Channel> channels = new HashMap<>(wechat.channels());
        channels.put(SandboxChannel.NAME, new SandboxChannel(sandboxStore));
        this.outboxWorker = new OutboxWorker(outbox, channels, clock);
        // A follower who asked through the Official Account is also told by template message.
        wechat.mpNotifications().ifPresent(notifications -> questions.onAnswered((question, answeredAt) -> {
            if (MpInbound.CHANNEL.equals(question.channel())) {
                String page = registry.complex(question.complexId())
                        .map(view -> config.baseUrl() + "/c/" + view.complex().code()).orElse(config.baseUrl());
                notifications.questionAnswered(question.asker(), "question:" + question.id(), question.text(),
                        answeredAt, page);
            }
        }));
        List<ScheduledTask> tasks = new ArrayList<>(List.of(
                escalationSweep.task(),
                disclosureDuties.task(),
                new ScheduledTask("standing-posts", "0 */10 * * * ?", standingPosts::postChanges),
                new ScheduledTask("survey-open", "0 5 8 * * ?", surveys::openScheduled),
                new ScheduledTask("survey-close", "0 */10 * * * ?", surveys::closeDue),
                new ScheduledTask("meeting-reminders", "0 0 9 * * ?", meetings::remindDue)));
        tasks.addAll(wechat.tasks());
        this.schedules = new Schedules(jdbi, clock, tasks);
        this.accounts = new Accounts(jdbi, registry, auditLog, clock);

        List<WebRoutes> routes = new ArrayList<>();
        WebGuard guard = new WebGuard(accounts, config.baseUrl());
        routes.add(new HealthController(jdbi, outbox, this::warnings));
        routes.add(new ComplexPageController(registry, templates, standingPosts, meetings));
        routes.add(new SurveyController(surveys, registry, accounts, guard, templates));
        routes.add(new StatementController(statements, registry, templates));
        routes.add(new LedgerController(ledgers, uploadLinks, registry, templates, config.baseUrl()));
        routes.add(new AuthController(accounts, guard, templates, AppConfig.DEMO.equals(config.deployment())));
        LadderVersion ladderVersion = new LadderVersion(jdbi, clock);
        routes.add(new DashboardController(guard, new EscalationQueries(jdbi, escalations, ladderVersion, clock),
                escalations, decisions, questions, new LeagueTables(jdbi, ladderVersion, clock), registry,
                templates, this::warnings));
        routes.add(new QuestionFormController(questions, registry, accounts, guard, templates));
        if (config.sandbox()) {
            routes.add(new SandboxController(sandbox, registry, templates));
        }
        routes.addAll(wechat.routes());
        // Javalin, Jetty and Jackson take about a third of a second to set up in a fresh JVM: on a
        // thread of their own, that overlaps the deployment load on the other core. web() waits.
        this.web = CompletableFuture.supplyAsync(() -> WebApp.create(routes, templates), task -> {
            Thread thread = new Thread(task, "web-setup");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /**
     * Loads the configured deployment file (or the bundled demo), unless neither the file nor the
     * registry changed since its last load: a city's file names thousands of complexes, and parsing
     * and comparing it took seconds of every start for nothing.
     */
    public DeploymentLoader.LoadReport loadDeployment() {
        DeploymentLoader loader = new DeploymentLoader(jdbi, auditLog);
        String location = config.deployment();
        String source = deploymentSource(location);
        byte[] content = deploymentContent(location);
        String digest = DeploymentLoader.sha256(content);
        Optional<DeploymentLoader.LoadReport> unchanged = loader.unchangedSince(source, digest);
        DeploymentLoader.LoadReport report;
        if (unchanged.isPresent()) {
            report = unchanged.get();
            LOG.info("deployment {} unchanged since its last load, as is the registry", source);
        } else {
            report = loader.load(new DeploymentParser().parse(source, content), "deployment");
            if (report.changedAnything()) {
                LOG.info("deployment {} loaded: {} change(s)", source, report.changes().size());
            } else {
                LOG.info("deployment {} unchanged", source);
            }
        }
        // Named one by one up to a point: 10,000 lines took over a second of start-up and drowned the log.
        report.notInFile().stream().limit(20).forEach(missing -> LOG.warn(
                "{} is in the database but not in the deployment file", missing));
        if (report.notInFile().size() > 20) {
            LOG.warn("{} more are in the database but not in the deployment file", report.notInFile().size() - 20);
        }
        wechat.afterDeploymentLoad();
        if (unchanged.isEmpty()) {
            loader.remember(source, digest, report, clock.millis());
        }
        return report;
    }

    /** Parses a deployment file, or the bundled demo for {@link AppConfig#DEMO}. */
    public static Deployment readDeployment(String location) {
        return new DeploymentParser().parse(deploymentSource(location), deploymentContent(location));
    }

    private static String deploymentSource(String location) {
        return AppConfig.DEMO.equals(location) ? DEMO_DEPLOYMENT : location;
    }

    private static byte[] deploymentContent(String location) {
        if (!AppConfig.DEMO.equals(location)) {
            return DeploymentParser.read(Path.of(location));
        }
        try (InputStream in = Sunlight.class.getResourceAsStream("/" + DEMO_DEPLOYMENT)) {
            if (in == null) {
                throw new IllegalStateException("the bundled demo deployment is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled demo deployment cannot be read", e);
        }
    }

    /** Starts the workers and the web server; in the demo deployment, officers get the demo password. */
    public Sunlight start() {
        seedDemoPasswords();
        startWorkers();
        schedules.start();
        web().start(config.host(), config.port());
        logServing();
        return this;
    }

    /**
     * What {@code serve} runs: like {@link #start()}, but the web server (health, callbacks) answers
     * first and the schedules' catch-up runs on a background thread, because with thousands of
     * complexes the catch-up takes far longer than WeChat waits for a callback. Cron firing starts
     * when the catch-up is done, so no task runs twice at once. The workers start just after the
     * web server: a backlog left by the last run (outbox, unprocessed messages) then does not compete
     * with the start-up for the CPU, and a callback arriving in between is stored on its own thread.
     */
    public Sunlight serve() {
        seedDemoPasswords();
        web().start(config.host(), config.port());
        logServing();
        startWorkers();
        Thread catchUp = new Thread(() -> {
            long began = System.nanoTime();
            try {
                schedules.start();
                LOG.info("schedules' catch-up done in {} ms", (System.nanoTime() - began) / 1_000_000);
            } catch (RuntimeException e) {
                if (closing) {
                    // Stopped during the catch-up: what it did not reach is caught up at the next start.
                    LOG.info("schedules' catch-up stopped: shutting down");
                } else {
                    LOG.error("schedules' catch-up failed; scheduled tasks are not running", e);
                }
            }
        }, "schedules-catch-up");
        catchUp.setDaemon(true);
        catchUp.start();
        return this;
    }

    private void seedDemoPasswords() {
        if (AppConfig.DEMO.equals(config.deployment())) {
            int seeded = accounts.seedDemoPasswords();
            if (seeded > 0) {
                LOG.info("demo deployment: {} officer(s) can log in with the documented demo password", seeded);
            }
        }
    }

    private void logServing() {
        LOG.info("Sunlight serving on {} (sandbox {}), {} ms after the JVM started", config.baseUrl(),
                config.sandbox() ? "on" : "off", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /** Starts the background workers only (tests that drive {@link #web()} themselves use this). */
    public void startWorkers() {
        inbound.start();
        outboxWorker.start();
        wechat.start();
    }

    /** Things a deployer must fix, shown on /health. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>(calendar.warnings(LocalDate.now(clock.withZone(
                WorkingCalendar.ZONE))));
        templateProblems.forEach(problem -> warnings.add("模板覆盖有误，已改用默认模板：" + problem));
        if (config.sandbox() && !"127.0.0.1".equals(config.host()) && !"localhost".equals(config.host())) {
            warnings.add("沙盒已开启且对外监听：任何人都能冒充任何身份发言，正式部署请设置 SUNLIGHT_SANDBOX=false");
        }
        return warnings;
    }

    public int port() {
        return web().port();
    }

    public Javalin web() {
        try {
            return web.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
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

    public WeChat wechat() {
        return wechat;
    }

    public Escalations escalations() {
        return escalations;
    }

    public StandingPosts standingPosts() {
        return standingPosts;
    }

    public QuestionService questions() {
        return questions;
    }

    public Accounts accounts() {
        return accounts;
    }

    public Decisions decisions() {
        return decisions;
    }

    public EscalationSweep escalationSweep() {
        return escalationSweep;
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
        closing = true;
        if (!web.isCompletedExceptionally()) {
            web().stop();
        }
        schedules.close();
        outboxWorker.close();
        wechat.close();
        inbound.close();
        Database.close(jdbi);
    }
}
