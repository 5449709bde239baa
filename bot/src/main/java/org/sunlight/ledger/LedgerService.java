package org.sunlight.ledger;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.Rejected;
import org.sunlight.audit.AuditLog;
import org.sunlight.audit.Canonical;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.escalation.Escalations;
import org.sunlight.escalation.Tier;
import org.sunlight.money.Amounts;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.registry.SettingKey;

/**
 * Ledgers in: validates an upload (dry run), and on confirmation re-validates the stored upload
 * and records its entries, their audit entry, the statement publication and any alerts in one
 * transaction. Corrections are reversing entries; nothing is ever edited or deleted. Thread-safe.
 */
public final class LedgerService {

    private final Jdbi jdbi;
    private final Registry registry;
    private final LedgerStore store;
    private final AuditLog auditLog;
    private final Escalations escalations;
    private final FilingListener listener;
    private final UploadLinks links;
    private final Clock clock;
    private final TableReader reader = new TableReader();
    private final LedgerParser parser = new LedgerParser();
    private final LedgerChecks checks = new LedgerChecks();

    public LedgerService(Jdbi jdbi, Registry registry, LedgerStore store, AuditLog auditLog, Escalations escalations,
                         FilingListener listener, UploadLinks links, Clock clock) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.store = store;
        this.auditLog = auditLog;
        this.escalations = escalations;
        this.listener = listener;
        this.links = links;
        this.clock = clock;
    }

    /** The outcome of a dry run: the stored upload's id and the checked ledger (problems, warnings, lines). */
    public record DryRun(long uploadId, String fileName, ParsedLedger ledger) {
        public boolean acceptable() {
            return ledger.acceptable();
        }

        public List<String> problems() {
            return ledger.problems().stream().map(LedgerProblem::describe).toList();
        }

        public List<String> warnings() {
            return ledger.warnings().stream().map(LedgerProblem::describe).toList();
        }
    }

    /** What a confirmation recorded. */
    public record Filed(ComplexView complex, LedgerKind kind, Period period, List<Long> entryIds) {
    }

    /** Checks a file for a complex without recording anything but the upload itself. */
    public DryRun dryRun(UploadLinks.Link link, String fileName, byte[] content) {
        ComplexView complex = registry.complex(link.complexId()).orElseThrow();
        ParsedLedger ledger = validate(complex, fileName, content);
        String name = fileName == null || fileName.isBlank() ? "未命名文件" : fileName.strip();
        long id = jdbi.inTransaction(handle -> handle.createUpdate("INSERT INTO ledger_upload (token_hash, person_id, "
                        + "complex_id, file_name, content, created_at) VALUES (:token, :person, :complex, :name, "
                        + ":content, :now)")
                .bind("token", link.tokenHash()).bind("person", link.personId()).bind("complex", link.complexId())
                .bind("name", name.length() > 200 ? name.substring(0, 200) : name).bind("content", content)
                .bind("now", clock.millis()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new DryRun(id, name, ledger);
    }

    /** Reads and checks a file against what is recorded for the complex. */
    public ParsedLedger validate(ComplexView complex, String fileName, byte[] content) {
        TableReader.Result table = reader.read(fileName, content);
        if (table.error() != null) {
            return new ParsedLedger(null, null, null, null, null, null, null, null, List.of(),
                    List.of(new LedgerProblem(0, "", table.error())), List.of(), Map.of(), false);
        }
        ParsedLedger parsed = parser.parse(table.rows());
        if (parsed.kind() == null || parsed.period() == null) {
            return parsed;
        }
        return checks.check(parsed, context(complex, parsed.kind(), parsed.period()));
    }

    private LedgerChecks.Context context(ComplexView complex, LedgerKind kind, Period period) {
        long complexId = complex.complex().id();
        Long previousClosing = switch (kind) {
            case PUBLIC_REVENUE -> store.previousFiled(complexId, kind, period)
                    .map(filed -> LedgerStore.closingBalance(filed, store.entries(filed.id()))).orElse(null);
            case UTILITY -> null;
            case FUND -> store.fundBalance(complexId).orElse(null);
        };
        return new LedgerChecks.Context(LocalDate.now(clock.withZone(WorkingCalendar.ZONE)), previousClosing,
                store.period(complexId, kind, period).isPresent(), store.fingerprints(complexId, kind),
                registry.moneySetting(complex, SettingKey.LARGE_ITEM_THRESHOLD),
                registry.intSetting(complex, SettingKey.FUND_TOP_UP_PERCENT),
                complex.complex().fundFirstDepositFen());
    }

    /**
     * Records a dry-run upload after validating the stored bytes again (the client's word is never
     * taken). Refused with every problem when anything is wrong; then nothing changes.
     */
    public Filed confirm(UploadLinks.Link link, long uploadId) {
        Map<String, Object> upload = jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM ledger_upload "
                        + "WHERE id = :id AND person_id = :person AND complex_id = :complex").bind("id", uploadId)
                .bind("person", link.personId()).bind("complex", link.complexId()).mapToMap().findOne()
                .orElseThrow(() -> Rejected.notFound("没有找到这次上传，请重新上传文件")));
        if (upload.get("confirmed_at") != null) {
            throw Rejected.conflict("这个文件已经确认提交过了");
        }
        ComplexView complex = registry.complex(link.complexId()).orElseThrow();
        Person person = registry.person(link.personId()).orElseThrow();
        return jdbi.inTransaction(handle -> {
            int marked = handle.createUpdate("UPDATE ledger_upload SET confirmed_at = :now WHERE id = :id "
                    + "AND confirmed_at IS NULL").bind("now", clock.millis()).bind("id", uploadId).execute();
            if (marked == 0) {
                throw Rejected.conflict("这个文件已经确认提交过了");
            }
            ParsedLedger ledger = validate(complex, (String) upload.get("file_name"), (byte[]) upload.get("content"));
            if (!ledger.acceptable()) {
                throw Rejected.invalid("文件有问题，没有记录任何内容：" + String.join("；",
                        ledger.problems().stream().limit(10).map(LedgerProblem::describe).toList()));
            }
            return file(complex, ledger, "person:" + person.code(), "upload:" + uploadId);
        });
    }

    /** Records a checked ledger: period, entries, audit, statement and alerts, in the caller's transaction. */
    Filed file(ComplexView complex, ParsedLedger ledger, String actor, String source) {
        return jdbi.inTransaction(handle -> {
            long complexId = complex.complex().id();
            long now = clock.millis();
            Optional<FiledPeriod> existing = store.period(complexId, ledger.kind(), ledger.period());
            // A fund month's opening is the balance left by every earlier withdrawal, whatever the file says.
            ParsedLedger toStore = ledger.kind() == LedgerKind.FUND ? ledger.withOpening(
                    store.fundBalance(complexId).orElse(ledger.openingFen())) : ledger;
            long periodId = existing.map(FiledPeriod::id)
                    .orElseGet(() -> store.insertPeriod(complexId, toStore, now, actor));
            List<Long> ids = new ArrayList<>();
            List<Map<String, Object>> auditLines = new ArrayList<>();
            for (LedgerLine line : ledger.lines()) {
                String fingerprint = line.fingerprint(ledger.kind(), ledger.period());
                long id = store.insertEntry(periodId, complexId, ledger.kind(), line, fingerprint, null, "", now, actor);
                ids.add(id);
                Map<String, Object> audit = new LinkedHashMap<>();
                audit.put("entry", id);
                audit.put("direction", line.direction());
                audit.put("category", line.category());
                audit.put("amountFen", line.amountFen());
                audit.put("fingerprint", fingerprint);
                auditLines.add(audit);
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("complex", complex.complex().code());
            detail.put("kind", ledger.kind().code());
            detail.put("period", ledger.period().code());
            detail.put("source", source);
            detail.put("supplement", ledger.supplement());
            detail.put("openingFen", ledger.openingFen());
            detail.put("closingFen", ledger.closingFen());
            detail.put("totalFen", ledger.totalFen());
            detail.put("entries", auditLines);
            auditLog.append(actor, "ledger.file", subject(complex, ledger.kind(), ledger.period()),
                    Canonical.json(detail));
            listener.changed(complex, ledger.kind(), ledger.period(), actor);
            raiseAlerts(complex, ledger, ids, actor);
            return new Filed(complex, ledger.kind(), ledger.period(), List.copyOf(ids));
        });
    }

    private void raiseAlerts(ComplexView complex, ParsedLedger ledger, List<Long> ids, String actor) {
        long threshold = registry.moneySetting(complex, SettingKey.LARGE_ITEM_THRESHOLD);
        for (int i = 0; i < ledger.lines().size(); i++) {
            LedgerLine line = ledger.lines().get(i);
            if (ledger.kind() != LedgerKind.UTILITY && line.outgoing() && line.amountFen() >= threshold
                    && !line.reported()) {
                escalations.open(new Escalations.Opening(complex.complex().id(), "large-item-unreported",
                        "ledger-entry:" + ids.get(i), Tier.COMMUNITY,
                        ledger.period().label() + ledger.kind().label() + "大额支出未事先报告",
                        line.category() + " " + Amounts.toPlainYuan(line.amountFen()) + " 元（达到 "
                                + Amounts.toPlainYuan(threshold) + " 元），台账登记为未向社区报告。", actor));
            }
        }
        if (ledger.kind() == LedgerKind.FUND) {
            long balance = store.fundBalance(complex.complex().id()).orElse(0L);
            int percent = registry.intSetting(complex, SettingKey.FUND_TOP_UP_PERCENT);
            long line = complex.complex().fundFirstDepositFen() * percent / 100;
            if (complex.complex().fundFirstDepositFen() > 0 && balance < line) {
                escalations.open(new Escalations.Opening(complex.complex().id(), "fund-top-up",
                        "fund:" + complex.complex().code() + ":" + ledger.period().code(), Tier.COMMUNITY,
                        "维修资金余额低于首期交存额的" + percent + "%，需制定续交方案",
                        "当前余额 " + Amounts.toPlainYuan(balance) + " 元，首期交存额 "
                                + Amounts.toPlainYuan(complex.complex().fundFirstDepositFen()) + " 元。", actor));
            }
        }
    }

    /**
     * Cancels an entry with a reversing entry and a reason; the statement is published again and
     * says it replaces the previous version.
     */
    public Filed correct(ComplexView complex, long entryId, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw Rejected.invalid("更正必须写明原因，例如：更正 12 金额录错");
        }
        StoredEntry entry = store.entry(entryId).filter(found -> found.complexId() == complex.complex().id())
                .orElseThrow(() -> Rejected.notFound("本小区没有编号为 " + entryId + " 的台账条目"));
        if (entry.correction()) {
            throw Rejected.invalid("第 " + entryId + " 条本身是更正记录，不能再更正");
        }
        LedgerKind kind = LedgerKind.fromCode(entry.kind()).orElseThrow();
        FiledPeriod filed = jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM ledger_period WHERE id = :id")
                .bind("id", entry.periodId()).mapTo(FiledPeriod.class).one());
        Period period = Period.parse(kind, filed.period()).orElseThrow();
        String cleanReason = reason.strip().length() > 200 ? reason.strip().substring(0, 200) : reason.strip();
        return jdbi.inTransaction(handle -> {
            boolean reversed = handle.createQuery("SELECT count(*) FROM ledger_entry WHERE reverses_id = :id")
                    .bind("id", entryId).mapTo(Integer.class).one() > 0;
            if (reversed) {
                throw Rejected.conflict("第 " + entryId + " 条已经更正过了");
            }
            LedgerLine reversal = new LedgerLine(entry.lineNo(), entry.direction(), entry.category(),
                    entry.entryDate() == null ? null : LocalDate.parse(entry.entryDate()), entry.amountFen(),
                    entry.description(), entry.voucher(), entry.reported() == 1, entry.meter(),
                    entry.previousReading(), entry.currentReading(), entry.usage(), entry.works(), entry.contractor(),
                    entry.approval(), null);
            long id = store.insertEntry(entry.periodId(), complex.complex().id(), kind, reversal,
                    "reversal:" + entryId, entryId, cleanReason, clock.millis(), actor);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("entry", id);
            detail.put("reverses", entryId);
            detail.put("amountFen", entry.amountFen());
            detail.put("reason", cleanReason);
            auditLog.append(actor, "ledger.correct", subject(complex, kind, period), Canonical.json(detail));
            listener.changed(complex, kind, period, actor);
            return new Filed(complex, kind, period, List.of(id));
        });
    }

    /** File name under which a chat entry's sheet is stored until it is confirmed. */
    static final String CHAT_FILE = "聊天记账.csv";

    /**
     * A small public-revenue entry sent in chat ({@code 2026Q1 支出 维修 2026-03-15 1100.00 说明 [凭证号] [已报告]}),
     * added to a filed period as a 补录. It becomes the same sheet an upload would be and meets the
     * same checks; when they pass it waits for {@link #confirmChatEntry}.
     */
    public DryRun chatEntry(ComplexView complex, Person person, String arguments) {
        List<String> words = new ArrayList<>(List.of(arguments.strip().split("\\s+")));
        boolean reported = words.remove("已报告");
        if (words.size() < 5) {
            throw Rejected.invalid("用法：记账 期间 收入/支出 类别 日期 金额 说明 [凭证号] [已报告]，"
                    + "例如：记账 2026Q1 支出 维修 2026-03-15 1100.00 更换楼道灯 W2603");
        }
        String description = words.size() > 5 ? words.get(5) : "";
        String voucher = words.size() > 6 ? String.join(" ", words.subList(6, words.size())) : "";
        List<List<String>> sheet = List.of(
                List.of(LedgerFormat.KIND_KEY, LedgerKind.PUBLIC_REVENUE.label()),
                List.of(LedgerFormat.PERIOD_KEY, words.get(0)),
                List.of(LedgerFormat.SUPPLEMENT_KEY, "是"),
                LedgerFormat.columns(LedgerKind.PUBLIC_REVENUE),
                List.of(words.get(1), words.get(2), words.get(3), words.get(4), description, voucher,
                        reported ? "是" : "否"));
        String token = links.issue(person.id(), complex.complex().id());
        UploadLinks.Link link = links.verify(token);
        return dryRun(link, CHAT_FILE, LedgerTemplates.csv(sheet));
    }

    /** Records the person's latest checked chat entry for the complex (sent within the link lifetime). */
    public Filed confirmChatEntry(ComplexView complex, Person person) {
        long since = clock.millis() - UploadLinks.LIFETIME.toMillis();
        Map<String, Object> upload = jdbi.withHandle(handle -> handle.createQuery("SELECT id, token_hash FROM "
                        + "ledger_upload WHERE person_id = :person AND complex_id = :complex AND file_name = :name "
                        + "AND confirmed_at IS NULL AND created_at >= :since ORDER BY id DESC LIMIT 1")
                .bind("person", person.id()).bind("complex", complex.complex().id()).bind("name", CHAT_FILE)
                .bind("since", since).mapToMap().findOne()
                .orElseThrow(() -> Rejected.notFound("没有待确认的记账。请先发送：记账 期间 收入/支出 类别 日期 金额 说明")));
        UploadLinks.Link link = new UploadLinks.Link((String) upload.get("token_hash"), person.id(),
                complex.complex().id(), "", 0);
        return confirm(link, ((Number) upload.get("id")).longValue());
    }

    /** The audit subject of a ledger period, e.g. {@code ledger:jinxiu:public-revenue:2026Q1}. */
    public static String subject(ComplexView complex, LedgerKind kind, Period period) {
        return "ledger:" + complex.complex().code() + ":" + kind.code() + ":" + period.code();
    }

    public LedgerStore store() {
        return store;
    }
}
