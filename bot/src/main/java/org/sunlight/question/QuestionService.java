package org.sunlight.question;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.sunlight.app.Rejected;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.Outbox;
import org.sunlight.escalation.EscalationItem;
import org.sunlight.escalation.Escalations;
import org.sunlight.escalation.Officer;
import org.sunlight.escalation.Tier;
import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.storage.Locks;
import org.sunlight.templates.Formats;
import org.sunlight.templates.Templates;

/**
 * Owners' questions: intake with a per-complex number, answers posted where the question was asked,
 * acceptance and dispute. Each question is an escalation item of kind {@code question} at the
 * complex tier with subject {@code question:<id>}, so the ladder's sweep, queues and decisions
 * apply to it. An answer stops the clock; the owner accepts, disputes (one tier up at once), or
 * says nothing for {@link #ACCEPT_WORKING_DAYS} working days, which closes it. Thread-safe.
 */
public final class QuestionService {

    public static final String KIND = "question";
    /** Working days an answered question waits for the owner's 满意/不满意 before it closes by itself. */
    public static final int ACCEPT_WORKING_DAYS = 3;
    public static final int MAX_TEXT_CHARS = 1_000;

    private final Jdbi jdbi;
    private final Escalations escalations;
    private final WorkingCalendar calendar;
    private final Outbox outbox;
    private final Templates templates;
    private final Clock clock;
    private volatile AnswerListener answerListener = (question, answeredAt) -> { };

    /**
     * Told of every answer inside its transaction, e.g. to queue an Official Account template
     * message for a follower. Set once by the composition root (the channels are built later).
     */
    @FunctionalInterface
    public interface AnswerListener {
        void answered(Question question, Instant answeredAt);
    }

    public void onAnswered(AnswerListener listener) {
        this.answerListener = listener;
    }

    public QuestionService(Jdbi jdbi, Escalations escalations, WorkingCalendar calendar, Outbox outbox,
                           Templates templates, Clock clock) {
        this.jdbi = jdbi;
        this.escalations = escalations;
        this.calendar = calendar;
        this.outbox = outbox;
        this.templates = templates;
        this.clock = clock;
        jdbi.registerRowMapper(ConstructorMapper.factory(Question.class));
    }

    /** Who asks, where, and what. {@code asker} is the channel's id for the person (or web:household). */
    public record Asking(ComplexView complex, String asker, String askerName, String household, String phone,
                         Conversation conversation, String text) {
    }

    /** A question with its item on the ladder. */
    public record Tracked(Question question, EscalationItem item) {
    }

    public Tracked ask(Asking asking) {
        String text = asking.text() == null ? "" : asking.text().strip();
        if (text.isEmpty()) {
            throw Rejected.invalid("请写下您的问题，例如：提问 上季度停车费收入是多少？");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw Rejected.invalid("问题太长，最多" + MAX_TEXT_CHARS + "字");
        }
        ComplexView complex = asking.complex();
        return jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            // Two nodes must not hand out the same number.
            Locks.lockForTransaction(handle, "question-number:" + complex.complex().id());
            long number = handle.createQuery("SELECT coalesce(max(number), 0) + 1 FROM question "
                    + "WHERE complex_id = :complex").bind("complex", complex.complex().id()).mapTo(Long.class).one();
            Instant due = escalations.dueAt(complex, Tier.COMPLEX, now).orElseThrow();
            long id = handle.createUpdate("INSERT INTO question (complex_id, number, asker, asker_name, household, "
                            + "phone, channel, target, is_group, text, asked_at, answer_due_at) VALUES (:complex, "
                            + ":number, :asker, :name, :household, :phone, :channel, :target, :group, :text, :now, "
                            + ":due)")
                    .bind("complex", complex.complex().id()).bind("number", number).bind("asker", asking.asker())
                    .bind("name", asking.askerName()).bind("household", asking.household())
                    .bind("phone", asking.phone()).bind("channel", asking.conversation().channel())
                    .bind("target", asking.conversation().target()).bind("group", asking.conversation().group() ? 1 : 0)
                    .bind("text", text).bind("now", now.toEpochMilli()).bind("due", due.toEpochMilli())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            Escalations.Opened opened = escalations.open(new Escalations.Opening(complex.complex().id(), KIND,
                    "question:" + id, Tier.COMPLEX, "业主提问 " + number + "号：" + abbreviate(text, 40),
                    asking.askerName() + (asking.household() == null ? "" : "（" + asking.household() + "）")
                            + "问：" + text, asking.asker()));
            handle.createUpdate("UPDATE question SET item_id = :item WHERE id = :id").bind("item", opened.id())
                    .bind("id", id).execute();
            // The league tables' running count (migration V8), in the same transaction as the question.
            handle.createUpdate("INSERT INTO complex_question_stats (complex_id, asked) VALUES (:complex, 1) "
                            + "ON CONFLICT (complex_id) DO UPDATE SET asked = complex_question_stats.asked + 1")
                    .bind("complex", complex.complex().id()).execute();
            return tracked(find(complex.complex().id(), number).orElseThrow());
        });
    }

    /**
     * A question from the public form: the household must be a registered owner's of the complex.
     * The question belongs to the owners' group, where it is announced and later answered.
     */
    public Tracked askOnWeb(ComplexView complex, List<Person> owners, ChannelBinding ownersGroup, String household,
                            String phone, String text) {
        String normalised = normaliseHousehold(household);
        if (normalised.isEmpty()) {
            throw Rejected.invalid("请填写您的房号，例如 3-2-301");
        }
        if (owners.stream().noneMatch(owner -> normalised.equals(normaliseHousehold(owner.household())))) {
            throw Rejected.invalid("房号 " + normalised + " 不是本小区登记的业主房号，请核对，或联系业委会登记");
        }
        String cleanPhone = phone == null ? "" : phone.strip();
        if (!cleanPhone.isEmpty() && !cleanPhone.matches("[0-9+\\- ]{7,20}")) {
            throw Rejected.invalid("电话号码格式不正确");
        }
        Conversation conversation = new Conversation(ownersGroup.channel(), ownersGroup.target(), true,
                complex.complex().id());
        return jdbi.inTransaction(handle -> {
            Tracked tracked = ask(new Asking(complex, "web:" + normalised, normalised + "业主", normalised,
                    cleanPhone.isEmpty() ? null : cleanPhone, conversation, text));
            outbox.enqueue(new OutboundMessage("question:" + tracked.question().id() + ":announced",
                    ownersGroup.channel(), ownersGroup.target(), OutboundMessage.Format.TEXT,
                    templates.chat("question-announced", model(tracked, complex))));
            return tracked;
        });
    }

    static String normaliseHousehold(String household) {
        if (household == null) {
            return "";
        }
        return household.strip().replaceAll("[－—–_ 　]", "-").replaceAll("-+", "-");
    }

    /** The acknowledgement for the asker: number and deadline. */
    public String acknowledgement(Tracked tracked, ComplexView complex) {
        Map<String, Object> model = model(tracked, complex);
        return templates.chat("question-acknowledged", model);
    }

    public Optional<Question> find(long complexId, long number) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM question WHERE complex_id = :complex "
                        + "AND number = :number").bind("complex", complexId).bind("number", number)
                .mapTo(Question.class).findOne());
    }

    public Optional<Question> byItem(long itemId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM question WHERE item_id = :item")
                .bind("item", itemId).mapTo(Question.class).findOne());
    }

    public Tracked get(ComplexView complex, long number) {
        return tracked(find(complex.complex().id(), number)
                .orElseThrow(() -> Rejected.notFound(complex.complex().name() + "没有" + number + "号提问")));
    }

    /**
     * Posts the answer where the question was asked and stops the clock; returns the tracked
     * question after the answer.
     */
    public Tracked answer(ComplexView complex, long number, String answererCode, String answererName, String text) {
        String answer = text == null ? "" : text.strip();
        if (answer.isEmpty()) {
            throw Rejected.invalid("请写下答复内容，例如：答复 " + number + " 已于本周公示。");
        }
        if (answer.length() > MAX_TEXT_CHARS) {
            throw Rejected.invalid("答复太长，最多" + MAX_TEXT_CHARS + "字");
        }
        return jdbi.inTransaction(handle -> {
            Tracked tracked = get(complex, number);
            EscalationItem item = tracked.item();
            if (!item.open()) {
                throw Rejected.conflict(number + "号提问已办结");
            }
            if (item.answeredAt() != null) {
                throw Rejected.conflict(number + "号提问已答复，正在等待业主确认");
            }
            Instant now = clock.instant();
            Instant closes = calendar.deadlineAfter(now, ACCEPT_WORKING_DAYS);
            escalations.markAnswered(item, closes);
            handle.createUpdate("UPDATE question SET answer_text = :text, answered_by = :by, answered_at = :now, "
                            + "first_answered_at = coalesce(first_answered_at, :now) WHERE id = :id")
                    .bind("text", answer).bind("by", answererName).bind("now", now.toEpochMilli())
                    .bind("id", tracked.question().id()).execute();
            if (tracked.question().firstAnsweredAt() == null) {
                QuestionFigures.firstAnswer(handle, tracked.question(), now, calendar);
            }
            long eventId = escalations.record(item, now, answererCode, "answered", item.tier(), item.tier(), answer);
            Tracked after = tracked(find(complex.complex().id(), number).orElseThrow());
            Map<String, Object> model = model(after, complex);
            model.put("answererName", answererName);
            model.put("closesDay", Escalations.dueDay(closes));
            Question question = after.question();
            outbox.enqueue(new OutboundMessage("question:" + question.id() + ":answer:" + eventId, question.channel(),
                    question.target(), OutboundMessage.Format.TEXT, templates.chat("question-answered", model)));
            answerListener.answered(question, now);
            return after;
        });
    }

    /** Committee or property staff answer on the dashboard; the item must be a question of their complex. */
    public Tracked answerOnWeb(Officer staff, EscalationItem item, ComplexView complex, String text) {
        if (item.complexId() != complex.complex().id() || !staff.answers(complex)) {
            throw Rejected.forbidden("只有本小区的业委会或物业可以答复");
        }
        Question question = byItem(item.id()).orElseThrow(() -> Rejected.invalid("这个事项不是业主提问"));
        return answer(complex, question.number(), staff.person().code(), staff.person().name(), text);
    }

    /** The asker or an owner of the complex accepts the answer: the item is closed as resolved. */
    public Tracked accept(ComplexView complex, long number, String actor) {
        return jdbi.inTransaction(handle -> {
            Tracked tracked = get(complex, number);
            requireAwaitingReaction(tracked, number);
            escalations.close(tracked.item(), EscalationItem.RESOLVED, actor, "accepted", "");
            return tracked(tracked.question());
        });
    }

    /** A dispute sends the item one tier up at once, with a fresh clock there. */
    public Tracked dispute(ComplexView complex, long number, String actor, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw Rejected.invalid("请说明不满意的理由，例如：不满意 " + number + " 没有给出金额");
        }
        return jdbi.inTransaction(handle -> {
            Tracked tracked = get(complex, number);
            requireAwaitingReaction(tracked, number);
            EscalationItem item = tracked.item();
            Tier to = item.currentTier().next().orElse(Tier.DISCIPLINE);
            escalations.moveTo(item, to, clock.instant(), actor, "disputed", abbreviate(why, 500), false);
            return tracked(tracked.question());
        });
    }

    /** The model of every question message: number, state, tier, deadlines, age. */
    public Map<String, Object> model(Tracked tracked, ComplexView complex) {
        Question question = tracked.question();
        EscalationItem item = tracked.item();
        Instant now = clock.instant();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("number", question.number());
        model.put("complexName", complex.complex().name());
        model.put("text", question.text());
        model.put("askerName", question.askerName());
        model.put("askedAt", Formats.dateTime(question.askedAt()));
        model.put("state", item.stateLabel(now));
        model.put("open", item.open());
        model.put("answered", item.awaitingReaction());
        model.put("tier", item.currentTier().label());
        model.put("tierLevel", item.tier());
        model.put("dueDay", item.dueAt() == null ? "" : Escalations.dueDay(item.dueAt()));
        model.put("answerDueDay", Escalations.dueDay(question.answerDueAt()));
        model.put("age", escalations.age(item, now));
        model.put("answerText", question.answerText() == null ? "" : question.answerText());
        model.put("answeredBy", question.answeredBy() == null ? "" : question.answeredBy());
        return model;
    }

    private void requireAwaitingReaction(Tracked tracked, long number) {
        if (!tracked.item().open()) {
            throw Rejected.conflict(number + "号提问已办结");
        }
        if (tracked.item().answeredAt() == null) {
            throw Rejected.conflict(number + "号提问还没有答复；到期未答复会自动上报");
        }
    }

    private Tracked tracked(Question question) {
        Question fresh = jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM question WHERE id = :id")
                .bind("id", question.id()).mapTo(Question.class).one());
        return new Tracked(fresh, escalations.item(fresh.itemId()).orElseThrow());
    }

    static String abbreviate(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.codePointCount(0, oneLine.length()) <= max ? oneLine
                : oneLine.substring(0, oneLine.offsetByCodePoints(0, max)) + "…";
    }
}
