package org.sunlight.assembly;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
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
import org.sunlight.templates.Formats;
import org.sunlight.templates.Templates;

/**
 * Owners' assembly notices and committee annual report invitations: posted by the committee,
 * checked for the legal lead time (a late notice is flagged to the community), reminded to
 * owners before the meeting, and followed by the published results. An owner can report an item
 * voted on that was not on the agenda. Thread-safe.
 */
public final class MeetingService {

    /** Reminders go out this many days before the meeting. */
    static final List<Integer> REMINDER_DAYS = List.of(3, 1);

    private final Jdbi jdbi;
    private final Registry registry;
    private final GroupPosts posts;
    private final Escalations escalations;
    private final AuditLog auditLog;
    private final Templates templates;
    private final Clock clock;

    public MeetingService(Jdbi jdbi, Registry registry, GroupPosts posts, Escalations escalations, AuditLog auditLog,
                          Templates templates, Clock clock) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.posts = posts;
        this.escalations = escalations;
        this.auditLog = auditLog;
        this.templates = templates;
        this.clock = clock;
    }

    /** Posts a notice with its agenda into the owners' group; flags it to the community when late. */
    public MeetingNotice post(ComplexView complex, Person committeeMember, MeetingKind kind, LocalDate meetingDate,
                              String agenda) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, WorkingCalendar.ZONE);
        if (!meetingDate.isAfter(today)) {
            throw Rejected.invalid("会议日期应在今天之后：" + Formats.date(meetingDate));
        }
        if (agenda == null || agenda.isBlank()) {
            throw Rejected.invalid("请写明会议议程");
        }
        if (agenda.length() > 2_000) {
            throw Rejected.invalid("议程太长，最多2000字；详细材料请附链接");
        }
        int leadDays = (int) ChronoUnit.DAYS.between(today, meetingDate);
        boolean late = leadDays < kind.minimumLeadDays();
        return jdbi.inTransaction(handle -> {
            long id = handle.createUpdate("INSERT INTO meeting_notice (complex_id, kind, meeting_date, agenda, posted_by, "
                            + "posted_at, lead_days, late) VALUES (:complexId, :kind, :date, :agenda, :postedBy, :now, "
                            + ":leadDays, :late)")
                    .bind("complexId", complex.complex().id()).bind("kind", kind.code())
                    .bind("date", meetingDate.toString()).bind("agenda", agenda.strip())
                    .bind("postedBy", committeeMember.id()).bind("now", now.toEpochMilli())
                    .bind("leadDays", leadDays).bind("late", late ? 1 : 0)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            auditLog.append(committeeMember.code(), "meeting.notice", "meeting:" + id, Canonical.json(Map.of(
                    "kind", kind.code(), "meetingDate", meetingDate.toString(), "leadDays", leadDays, "late", late,
                    "agenda", agenda.strip())));
            Map<String, Object> model = model(complex, id, kind, meetingDate, agenda.strip());
            model.put("leadDays", leadDays);
            model.put("late", late);
            model.put("minimum", kind.minimumLeadDays());
            posts.toOwners(complex, "meeting:" + id + ":notice", templates.chat("meeting-notice", model));
            if (late) {
                escalations.open(new Escalations.Opening(complex.complex().id(), "late-meeting-notice",
                        "meeting:" + id, Tier.COMMUNITY, kind.label() + "通知提前不足" + kind.minimumLeadDays() + "天",
                        kind.label() + "定于" + Formats.date(meetingDate) + "召开，通知于" + Formats.date(today)
                                + "发布，仅提前" + leadDays + "天（应至少" + kind.minimumLeadDays() + "天）。议程："
                                + agenda.strip(), committeeMember.code()));
            }
            return find(id).orElseThrow();
        });
    }

    /** Publishes the results of a meeting that has taken place. */
    public MeetingNotice publishResults(ComplexView complex, Person committeeMember, long id, String results) {
        MeetingNotice notice = inComplex(complex, id);
        LocalDate today = LocalDate.ofInstant(clock.instant(), WorkingCalendar.ZONE);
        if (today.isBefore(notice.meetingDate())) {
            throw Rejected.invalid("会议还没有召开（" + Formats.date(notice.meetingDate()) + "），开完再公布结果");
        }
        if (results == null || results.isBlank()) {
            throw Rejected.invalid("请写明表决结果");
        }
        return jdbi.inTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE meeting_notice SET results = :results, results_at = :now "
                            + "WHERE id = :id AND results IS NULL")
                    .bind("results", results.strip()).bind("now", clock.millis()).bind("id", id).execute();
            if (updated == 0) {
                throw Rejected.conflict("第" + id + "号会议的结果已经公布过；如需更正请联系社区");
            }
            auditLog.append(committeeMember.code(), "meeting.results", "meeting:" + id,
                    Canonical.json(Map.of("results", results.strip())));
            Map<String, Object> model = model(complex, id, notice.kind(), notice.meetingDate(), notice.agenda());
            model.put("results", results.strip());
            posts.toOwners(complex, "meeting:" + id + ":results", templates.chat("meeting-results", model));
            return find(id).orElseThrow();
        });
    }

    /** An owner reports that the meeting voted on something not on its agenda; goes to the community. */
    public long reportOffAgenda(ComplexView complex, Person owner, long id, String what) {
        MeetingNotice notice = inComplex(complex, id);
        if (what == null || what.isBlank()) {
            throw Rejected.invalid("请说明哪一项不在议程内");
        }
        return escalations.open(new Escalations.Opening(complex.complex().id(), "off-agenda-vote",
                "meeting:" + id + ":off-agenda", Tier.COMMUNITY, notice.kind().label() + "表决了议程外事项",
                "业主" + owner.name() + "（" + Optional.ofNullable(owner.household()).orElse("") + "）反映："
                        + what.strip() + "。公布的议程：" + notice.agenda(), owner.code())).id();
    }

    /** Reminds owners 3 days and 1 day before each meeting; each reminder once. Idempotent. */
    public int remindDue(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, WorkingCalendar.ZONE);
        int sent = 0;
        for (int days : REMINDER_DAYS) {
            LocalDate meetingDate = today.plusDays(days);
            List<MeetingNotice> notices = jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM meeting_notice "
                    + "WHERE meeting_date = :date").bind("date", meetingDate.toString())
                    .map((rs, ctx) -> MeetingMapper.map(rs)).list());
            for (MeetingNotice notice : notices) {
                ComplexView complex = registry.complex(notice.complexId()).orElseThrow();
                Map<String, Object> model = model(complex, notice.id(), notice.kind(), notice.meetingDate(),
                        notice.agenda());
                model.put("days", days);
                sent += posts.toOwners(complex, "meeting:" + notice.id() + ":reminder:" + days,
                        templates.chat("meeting-reminder", model));
            }
        }
        return sent;
    }

    public Optional<MeetingNotice> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM meeting_notice WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> MeetingMapper.map(rs)).findOne());
    }

    public List<MeetingNotice> notices(ComplexView complex) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM meeting_notice WHERE complex_id = :id "
                        + "ORDER BY meeting_date DESC, id DESC").bind("id", complex.complex().id())
                .map((rs, ctx) -> MeetingMapper.map(rs)).list());
    }

    private MeetingNotice inComplex(ComplexView complex, long id) {
        return find(id).filter(notice -> notice.complexId() == complex.complex().id())
                .orElseThrow(() -> Rejected.notFound("本小区没有第" + id + "号会议通知"));
    }

    private static Map<String, Object> model(ComplexView complex, long id, MeetingKind kind, LocalDate date,
                                             String agenda) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id);
        model.put("complexName", complex.complex().name());
        model.put("kind", kind.label());
        model.put("date", Formats.dateWithWeekday(date));
        model.put("agenda", agenda);
        return model;
    }
}
