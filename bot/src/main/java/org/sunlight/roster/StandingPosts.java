package org.sunlight.roster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.audit.AuditLog;
import org.sunlight.channel.GroupPosts;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.LegalAdviser;
import org.sunlight.registry.Person;
import org.sunlight.registry.Profile;
import org.sunlight.registry.Registry;
import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;

/**
 * Standing posts in every supervision group: the committee members' information (seed 004
 * (二)5) and the town's legal advisers (seed 000 #14). Each is posted when it first exists and
 * re-posted whenever it changes (a member joins or leaves, a pledge is edited): the post's digest
 * is remembered per complex, so an unchanged roster is never posted twice. Thread-safe.
 */
public final class StandingPosts {

    private final Jdbi jdbi;
    private final Registry registry;
    private final GroupPosts posts;
    private final Templates templates;
    private final String baseUrl;

    public StandingPosts(Jdbi jdbi, Registry registry, GroupPosts posts, Templates templates, String baseUrl) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.posts = posts;
        this.templates = templates;
        this.baseUrl = baseUrl;
    }

    /** A committee member as shown to owners. */
    public record Member(String name, String position, String building, String photo, String pledge) {
    }

    public List<Member> committee(ComplexView complex) {
        List<Member> members = new ArrayList<>();
        for (Person person : registry.holding(Role.COMMITTEE, complex)) {
            Optional<Profile> profile = registry.profile(person.id());
            members.add(new Member(person.name(), profile.map(Profile::position).orElse("业委会委员"),
                    building(person.household()), profile.map(Profile::photo).map(this::absolute).orElse(null),
                    profile.map(Profile::pledge).orElse(null)));
        }
        return members;
    }

    public List<LegalAdviser> advisers(ComplexView complex) {
        return registry.advisers(complex.town().id());
    }

    /** Posts every roster that is new or changed; returns how many posts were queued. Idempotent. */
    public int postChanges(Instant now) {
        int posted = 0;
        for (ComplexView complex : registry.complexes()) {
            List<Member> members = committee(complex);
            if (!members.isEmpty()) {
                posted += postIfChanged(complex, "committee", templates.chat("standing-committee", Map.of(
                        "complexName", complex.complex().name(), "members", members)), now);
            }
            List<LegalAdviser> advisers = advisers(complex);
            if (!advisers.isEmpty()) {
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("townName", complex.town().name());
                model.put("advisers", advisers);
                posted += postIfChanged(complex, "advisers", templates.chat("standing-advisers", model), now);
            }
        }
        return posted;
    }

    private int postIfChanged(ComplexView complex, String kind, String text, Instant now) {
        String digest = AuditLog.sha256Hex(text);
        return jdbi.inTransaction(handle -> {
            Optional<String> current = handle.createQuery("SELECT digest FROM standing_post WHERE complex_id = :id "
                    + "AND kind = :kind").bind("id", complex.complex().id()).bind("kind", kind)
                    .mapTo(String.class).findOne();
            if (current.isPresent() && current.get().equals(digest)) {
                return 0;
            }
            handle.createUpdate("INSERT INTO standing_post (complex_id, kind, digest, posted_at) VALUES (:id, :kind, "
                            + ":digest, :now) ON CONFLICT (complex_id, kind) DO UPDATE SET digest = :digest, "
                            + "posted_at = :now")
                    .bind("id", complex.complex().id()).bind("kind", kind).bind("digest", digest)
                    .bind("now", now.toEpochMilli()).execute();
            posts.toOwners(complex, "standing:" + kind + ":" + complex.complex().id() + ":" + digest.substring(0, 16),
                    text);
            return 1;
        });
    }

    private String absolute(String photo) {
        return photo.startsWith("/") ? baseUrl + photo : photo;
    }

    /** "3-2-301" → "3号楼"; anything else is shown as written. */
    static String building(String household) {
        if (household == null || household.isBlank()) {
            return "";
        }
        int dash = household.indexOf('-');
        return dash > 0 ? household.substring(0, dash) + "号楼" : household;
    }
}
