package org.sunlight.channel.wecom;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.channel.Channel;
import org.sunlight.schedule.ScheduledTask;
import org.sunlight.web.WebRoutes;

/**
 * The WeChat parts Sunlight's configuration turns on, built together so the composition root
 * needs one line: the channels for the outbox worker, the callback routes, and the scheduled
 * tasks. With no WeChat configuration only the group robot channel exists (it needs nothing but
 * the robot keys its bindings name) and no callback route is served.
 */
public final class WeChat {

    private final Map<String, Channel> channels = new HashMap<>();
    private final List<WebRoutes> routes = new ArrayList<>();
    private final List<ScheduledTask> tasks = new ArrayList<>();
    private final WeComRobotChannel robot;

    public WeChat(WeChatConfig config, Jdbi jdbi, Clock clock) {
        this.robot = new WeComRobotChannel(jdbi, config, clock);
        channels.put(robot.name(), robot);
    }

    /** Channels by name, for the outbox worker. */
    public Map<String, Channel> channels() {
        return Map.copyOf(channels);
    }

    /** Callback and admin routes (empty when nothing is configured). */
    public List<WebRoutes> routes() {
        return List.copyOf(routes);
    }

    /** Periodic work (customer-group confirmation polling). */
    public List<ScheduledTask> tasks() {
        return List.copyOf(tasks);
    }

    public WeComRobotChannel robot() {
        return robot;
    }
}
