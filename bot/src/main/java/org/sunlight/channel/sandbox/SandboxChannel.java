package org.sunlight.channel.sandbox;

import org.sunlight.channel.Channel;
import org.sunlight.channel.OutboxItem;

/**
 * The local channel: a bot post "arrives" by being written into the sandbox group's history,
 * where the {@code /sandbox} page shows it. Makes the product runnable with no WeChat account.
 */
public final class SandboxChannel implements Channel {

    public static final String NAME = "sandbox";
    public static final String BOT_NAME = "阳光监督助手";

    private final SandboxStore store;

    public SandboxChannel(SandboxStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(OutboxItem item) {
        String text = "image".equals(item.format()) ? "[图片] " + item.body() : item.body();
        store.recordBot(item.target(), text, item.id());
    }
}
