package org.sunlight.question;

import java.util.List;

import org.sunlight.app.Sunlight;

/** Drives the sandbox deterministically: say something, let the bot act, deliver its posts. */
public final class SandboxChat {

    public static final String JINXIU_OWNERS = "complex:jinxiu:owners";
    public static final String JINXIU_COMMITTEE = "complex:jinxiu:committee";
    public static final String DONGYUAN_COMMUNITY = "community:dongyuan:community";
    public static final String QINGSHAN_TOWN = "town:qingshan:town";
    public static final String QINGSHAN_DISCIPLINE = "town:qingshan:discipline";

    private final Sunlight sunlight;

    public SandboxChat(Sunlight sunlight) {
        this.sunlight = sunlight;
    }

    public void say(String target, String person, String text) {
        sunlight.sandbox().post(target, person, text);
        settle();
    }

    /** Processes pending inbound messages and delivers what is due. */
    public void settle() {
        sunlight.inbound().processPending();
        sunlight.outboxWorker().deliverDue();
    }

    /** Everything the bot posted in a conversation, oldest first. */
    public List<String> bot(String target) {
        return sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT text FROM sandbox_message "
                + "WHERE target = :target AND sender_code IS NULL ORDER BY id").bind("target", target)
                .mapTo(String.class).list());
    }

    public String lastBot(String target) {
        List<String> posts = bot(target);
        return posts.isEmpty() ? "" : posts.get(posts.size() - 1);
    }
}
