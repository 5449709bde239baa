package org.sunlight.channel.wecom;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.audit.AuditLog;
import org.sunlight.channel.Channel;
import org.sunlight.channel.Outbox;
import org.sunlight.channel.callback.CallbackEvents;
import org.sunlight.channel.mp.MpApi;
import org.sunlight.channel.mp.MpCallbacks;
import org.sunlight.channel.mp.MpChannel;
import org.sunlight.channel.mp.MpInbound;
import org.sunlight.channel.mp.MpNotifications;
import org.sunlight.conversation.InboundPipeline;
import org.sunlight.escalation.Escalations;
import org.sunlight.registry.Registry;
import org.sunlight.schedule.ScheduledTask;
import org.sunlight.templates.Templates;
import org.sunlight.web.WebRoutes;

/**
 * The WeChat parts Sunlight's configuration turns on, built together so the composition root
 * needs few lines: the channels for the outbox worker, the callback routes, and the scheduled
 * tasks. With no WeChat configuration only the group robot channel exists (it needs nothing but
 * the robot keys its bindings name) and no callback route is served.
 */
public final class WeChat implements AutoCloseable {

    private final Map<String, Channel> channels = new HashMap<>();
    private final List<WebRoutes> routes = new ArrayList<>();
    private final List<ScheduledTask> tasks = new ArrayList<>();
    private final WeComRobotChannel robot;
    private final WeComKf kf;
    private final MpNotifications mpNotifications;
    private final WeComGroups groups;
    private final GroupMessageTracker groupTracker;

    public WeChat(WeChatConfig config, Jdbi jdbi, Clock clock, InboundPipeline inbound, Outbox outbox,
                  Templates templates, Registry registry, AuditLog auditLog, Escalations escalations) {
        this.robot = new WeComRobotChannel(jdbi, config, clock);
        channels.put(robot.name(), robot);
        CallbackEvents events = new CallbackEvents(jdbi, clock);
        WeChatHousekeeping housekeeping = new WeChatHousekeeping(jdbi);
        tasks.add(new ScheduledTask("wechat-housekeeping", "0 30 3 * * ?", housekeeping::run));

        if (config.appEnabled()) {
            WeComApi app = new WeComApi(config, config.corpId(), config.appSecret(), config.agentId());
            channels.put(WeComAppInbound.CHANNEL, new WeComAppChannel(app, config.agentId(), clock));
        }
        if (config.appCallbackEnabled()) {
            WeComAppInbound appInbound = new WeComAppInbound(inbound, events, clock);
            routes.add(WeComCallbacks.controller(WeComCallbacks.APP_PATH, config.appToken(), config.appAesKey(),
                    config.corpId(), clock, appInbound::accept));
        }

        if (config.kfEnabled()) {
            WeComApi kfApi = new WeComApi(config, config.corpId(), config.kfSecret(), null);
            this.kf = new WeComKf(kfApi, jdbi, inbound, events, clock);
            channels.put(WeComKf.CHANNEL, new WeComKfChannel(kfApi, jdbi, clock));
            if (config.kfCallbackEnabled()) {
                routes.add(WeComCallbacks.controller(WeComCallbacks.KF_PATH, config.kfToken(), config.kfAesKey(),
                        config.corpId(), clock, kf::accept));
            }
        } else {
            this.kf = null;
        }

        if (config.mpEnabled()) {
            channels.put(MpInbound.CHANNEL, new MpChannel(MpApi.create(config), config.mpTemplateId(), clock));
            this.mpNotifications = new MpNotifications(outbox, templates);
            if (config.mpCallbackEnabled()) {
                routes.add(MpCallbacks.controller(config, new MpInbound(inbound, events, clock), clock));
            }
        } else {
            this.mpNotifications = null;
        }

        if (config.contactEnabled()) {
            WeComApi contact = new WeComApi(config, config.corpId(), config.contactSecret(), null);
            this.groups = new WeComGroups(contact, jdbi, registry, auditLog, clock);
            channels.put(WeComGroups.CHANNEL, new WeComCustomerGroupChannel(contact, groups, jdbi, clock));
            this.groupTracker = new GroupMessageTracker(contact, jdbi, escalations, registry, templates, clock,
                    config.groupRemindAfter(), config.groupLateAfter());
            tasks.add(new ScheduledTask("wecom-group-confirmations", "0 */10 * * * ?", now -> groupTracker.poll()));
        } else {
            this.groups = null;
            this.groupTracker = null;
        }

        config.adminToken().ifPresent(token -> routes.add(new WeChatAdminController(token, outbox, groups, registry,
                templates)));
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

    /** Starts background work (the 微信客服 sync). */
    public void start() {
        if (kf != null) {
            kf.start();
        }
    }

    public WeComRobotChannel robot() {
        return robot;
    }

    public Optional<WeComKf> kf() {
        return Optional.ofNullable(kf);
    }

    public Optional<WeComGroups> groups() {
        return Optional.ofNullable(groups);
    }

    public Optional<GroupMessageTracker> groupTracker() {
        return Optional.ofNullable(groupTracker);
    }

    /** After a deployment load: restores customer-group bindings made from the CLI or admin page. */
    public void afterDeploymentLoad() {
        if (groups != null) {
            groups.reapply();
        }
    }

    public Optional<MpNotifications> mpNotifications() {
        return Optional.ofNullable(mpNotifications);
    }

    @Override
    public void close() {
        if (kf != null) {
            kf.close();
        }
    }
}
