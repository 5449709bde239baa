package org.sunlight.survey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.Rejected;
import org.sunlight.audit.AuditLog;
import org.sunlight.audit.Canonical;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.channel.GroupPosts;
import org.sunlight.escalation.Escalations;
import org.sunlight.escalation.Tier;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.registry.Role;
import org.sunlight.registry.ScopeType;
import org.sunlight.registry.SettingKey;
import org.sunlight.templates.Formats;
import org.sunlight.templates.Templates;

/**
 * Half-yearly satisfaction surveys of the committee and of the property company (seed 004
 * (二)4, (四)5). The unit is the household, not the account: an owner votes for the household
 * registered to them in the deployment (e.g. 3-2-301), a household has one vote, and a later vote
 * from the same household — by the same owner or another owner registered to that household —
 * replaces the earlier one until the survey closes. Committee satisfaction under 50% of the
 * households that voted, or property dissatisfaction over 50%, opens an item for the town.
 * Thread-safe.
 */
public final class SurveyService {

    private final Jdbi jdbi;
    private final Registry registry;
    private final GroupPosts posts;
    private final Escalations escalations;
    private final AuditLog auditLog;
    private final Templates templates;
    private final Clock clock;
    private final String baseUrl;

    public SurveyService(Jdbi jdbi, Registry registry, GroupPosts posts, Escalations escalations, AuditLog auditLog,
                         Templates templates, Clock clock, String baseUrl) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.posts = posts;
        this.escalations = escalations;
        this.auditLog = auditLog;
        this.templates = templates;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /** The half-year a date falls in, e.g. {@code 2026H2}. */
    public static String halfOf(LocalDate date) {
        return date.getYear() + (date.getMonthValue() <= 6 ? "H1" : "H2");
    }

    /**
     * Opens the survey of this half-year for the subject unless it exists; announces it in the
     * owners' group. Returns the survey (new or existing).
     */
    public Survey open(ComplexView complex, SurveySubject subject, String openedBy) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, WorkingCalendar.ZONE);
        String half = halfOf(today);
        int days = registry.intSetting(complex, SettingKey.SURVEY_DAYS);
        // Closes at the end of the last day, Beijing time.
        Instant closesAt = today.plusDays(days + 1L).atStartOfDay(WorkingCalendar.ZONE).toInstant();
        return jdbi.inTransaction(handle -> {
            Optional<Survey> existing = find(complex.complex().id(), subject, half);
            if (existing.isPresent()) {
                return existing.get();
            }
            long id = handle.createUpdate("INSERT INTO survey (complex_id, subject, half, opened_by, opened_at, "
                            + "closes_at) VALUES (:complexId, :subject, :half, :openedBy, :now, :closesAt)")
                    .bind("complexId", complex.complex().id()).bind("subject", subject.code()).bind("half", half)
                    .bind("openedBy", openedBy).bind("now", now.toEpochMilli()).bind("closesAt", closesAt.toEpochMilli())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            auditLog.append(openedBy, "survey.open", "survey:" + id, Canonical.json(Map.of("complex",
                    complex.complex().code(), "subject", subject.code(), "half", half)));
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("complexName", complex.complex().name());
            model.put("subject", subject.label());
            model.put("half", half.substring(0, 4) + "年" + (half.endsWith("H1") ? "上半年" : "下半年"));
            model.put("closes", Formats.dateTime(closesAt));
            model.put("link", baseUrl + "/c/" + complex.complex().code() + "/survey");
            posts.toOwners(complex, "survey:" + id + ":opened", templates.chat("survey-opened", model));
            return find(complex.complex().id(), subject, half).orElseThrow();
        });
    }

    /** Surveys of the complex still open now. */
    public List<Survey> openSurveys(ComplexView complex) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM survey WHERE complex_id = :complexId "
                        + "AND closed_at IS NULL AND closes_at > :now ORDER BY subject")
                .bind("complexId", complex.complex().id()).bind("now", clock.millis())
                .map((rs, ctx) -> SurveyMapper.map(rs)).list());
    }

    /** The outcome of a vote: which survey, and whether it replaced the household's earlier vote. */
    public record Vote(Survey survey, String household, boolean replaced) {
    }

    /**
     * Records a household's vote. {@code subject} may be empty when exactly one survey is open.
     *
     * @throws Rejected when the person is not an owner of the complex, has no household, or no
     *                  (single) survey is open
     */
    public Vote vote(ComplexView complex, Person person, Optional<SurveySubject> subject, boolean satisfied) {
        if (!registry.rolesIn(person.id(), complex).contains(Role.OWNER)) {
            throw Rejected.forbidden("只有本小区业主可以参加满意度评价");
        }
        if (person.household() == null || person.household().isBlank()) {
            throw Rejected.forbidden("您没有登记房号，请联系业委会登记后评价");
        }
        List<Survey> open = openSurveys(complex).stream()
                .filter(survey -> subject.isEmpty() || survey.subject() == subject.get()).toList();
        if (open.isEmpty()) {
            throw Rejected.notFound(subject.map(item -> "目前没有进行中的" + item.label() + "满意度评价")
                    .orElse("目前没有进行中的满意度评价"));
        }
        if (open.size() > 1) {
            throw Rejected.invalid("现在有两项评价，请注明对象，例如：满意 业委会，或：不满意 物业");
        }
        Survey survey = open.get(0);
        long now = clock.millis();
        return jdbi.inTransaction(handle -> {
            boolean replaced = handle.createQuery("SELECT count(*) FROM survey_vote WHERE survey_id = :id "
                    + "AND household = :household").bind("id", survey.id()).bind("household", person.household())
                    .mapTo(Integer.class).one() > 0;
            handle.createUpdate("INSERT INTO survey_vote (survey_id, household, person_id, satisfied, voted_at) "
                            + "VALUES (:id, :household, :personId, :satisfied, :now) ON CONFLICT (survey_id, household) "
                            + "DO UPDATE SET person_id = :personId, satisfied = :satisfied, voted_at = :now, "
                            + "changes = survey_vote.changes + 1")
                    .bind("id", survey.id()).bind("household", person.household()).bind("personId", person.id())
                    .bind("satisfied", satisfied ? 1 : 0).bind("now", now).execute();
            auditLog.append(person.code(), "survey.vote", "survey:" + survey.id(), Canonical.json(Map.of(
                    "household", person.household(), "satisfied", satisfied)));
            return new Vote(survey, person.household(), replaced);
        });
    }

    /** Households that voted so far in an open survey (no tallies before the close). */
    public int votesSoFar(long surveyId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM survey_vote WHERE survey_id = :id")
                .bind("id", surveyId).mapTo(Integer.class).one());
    }

    /**
     * Closes every survey whose time is up: counts, posts the result to the owners' and the
     * town's groups, and opens a town item when the threshold is crossed. Idempotent.
     */
    public int closeDue(Instant now) {
        List<Long> due = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM survey WHERE closed_at IS NULL "
                + "AND closes_at <= :now ORDER BY id").bind("now", now.toEpochMilli()).mapTo(Long.class).list());
        due.forEach(id -> close(id, now));
        return due.size();
    }

    private void close(long id, Instant now) {
        jdbi.useTransaction(handle -> {
            Survey survey = handle.createQuery("SELECT * FROM survey WHERE id = :id AND closed_at IS NULL")
                    .bind("id", id).map((rs, ctx) -> SurveyMapper.map(rs)).findOne().orElse(null);
            if (survey == null) {
                return;
            }
            int votes = handle.createQuery("SELECT count(*) FROM survey_vote WHERE survey_id = :id").bind("id", id)
                    .mapTo(Integer.class).one();
            int satisfied = handle.createQuery("SELECT count(*) FROM survey_vote WHERE survey_id = :id "
                    + "AND satisfied = 1").bind("id", id).mapTo(Integer.class).one();
            handle.createUpdate("UPDATE survey SET closed_at = :now, satisfied = :satisfied, votes = :votes "
                            + "WHERE id = :id").bind("now", now.toEpochMilli()).bind("satisfied", satisfied)
                    .bind("votes", votes).bind("id", id).execute();
            ComplexView complex = registry.complex(survey.complexId()).orElseThrow();
            boolean failed = votes > 0 && (survey.subject() == SurveySubject.COMMITTEE
                    ? satisfied * 2 < votes
                    : (votes - satisfied) * 2 > votes);
            auditLog.append("system", "survey.close", "survey:" + id, Canonical.json(Map.of("votes", votes,
                    "satisfied", satisfied, "thresholdCrossed", failed)));
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("complexName", complex.complex().name());
            model.put("subject", survey.subject().label());
            model.put("votes", votes);
            model.put("households", complex.complex().households());
            model.put("satisfied", satisfied);
            model.put("dissatisfied", votes - satisfied);
            model.put("satisfiedPercent", votes == 0 ? 0 : satisfied * 100 / votes);
            model.put("dissatisfiedPercent", votes == 0 ? 0 : (votes - satisfied) * 100 / votes);
            model.put("failed", failed);
            model.put("committee", survey.subject() == SurveySubject.COMMITTEE);
            String text = templates.chat("survey-result", model);
            posts.toOwners(complex, "survey:" + id + ":result", text);
            posts.to(ScopeType.TOWN, complex.town().id(), "town", "survey:" + id + ":result", text);
            if (failed) {
                String title = survey.subject() == SurveySubject.COMMITTEE
                        ? "业委会满意度仅" + (satisfied * 100 / votes) + "%，低于50%"
                        : "物业不满意率" + ((votes - satisfied) * 100 / votes) + "%，超过50%";
                String detail = survey.subject() == SurveySubject.COMMITTEE
                        ? "可由镇街或社区组织召开业主大会，讨论业委会提前换届。参评" + votes + "户，满意" + satisfied + "户。"
                        : "由镇街约谈物业企业。参评" + votes + "户，不满意" + (votes - satisfied) + "户。";
                escalations.open(new Escalations.Opening(complex.complex().id(), "survey-" + survey.subject().code(),
                        "survey:" + id, Tier.TOWN, title, detail, "system"));
            }
        });
    }

    /**
     * Opens this half-year's surveys on schedule: from the first day of the half's last month
     * (June, December), for every complex and both subjects that have none yet. Idempotent.
     */
    public int openScheduled(Instant now) {
        ZonedDateTime local = now.atZone(WorkingCalendar.ZONE);
        int month = local.getMonthValue();
        if (month != 6 && month != 12) {
            return 0;
        }
        int opened = 0;
        for (ComplexView complex : registry.complexes()) {
            for (SurveySubject subject : SurveySubject.values()) {
                if (find(complex.complex().id(), subject, halfOf(local.toLocalDate())).isEmpty()) {
                    open(complex, subject, "schedule");
                    opened++;
                }
            }
        }
        return opened;
    }

    public Optional<Survey> find(long complexId, SurveySubject subject, String half) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM survey WHERE complex_id = :complexId "
                        + "AND subject = :subject AND half = :half")
                .bind("complexId", complexId).bind("subject", subject.code()).bind("half", half)
                .map((rs, ctx) -> SurveyMapper.map(rs)).findOne());
    }

    public List<Survey> surveys(ComplexView complex) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM survey WHERE complex_id = :complexId "
                        + "ORDER BY opened_at DESC, subject").bind("complexId", complex.complex().id())
                .map((rs, ctx) -> SurveyMapper.map(rs)).list());
    }

    /** How long a survey has left, for messages. */
    public Duration remaining(Survey survey) {
        return Duration.ofMillis(Math.max(0, survey.closesAt() - clock.millis()));
    }
}
