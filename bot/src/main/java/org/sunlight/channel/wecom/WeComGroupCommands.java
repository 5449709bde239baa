package org.sunlight.channel.wecom;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.AppConfig;
import org.sunlight.app.ConfigOptions;
import org.sunlight.app.Rejected;
import org.sunlight.app.Sunlight;
import org.sunlight.audit.AuditLog;
import org.sunlight.cli.Arguments;
import org.sunlight.cli.Command;
import org.sunlight.cli.CommandSpec;
import org.sunlight.cli.CommandSpec.Parameter;
import org.sunlight.registry.Registry;
import org.sunlight.storage.Database;

/** The CLI's {@code wecom-groups} and {@code bind-group} commands. */
public final class WeComGroupCommands {

    private WeComGroupCommands() {
    }

    /** What both commands share: the config options, the customer-contact API, refusals as exit 2, closing. */
    abstract static class Base implements Command {

        @Override
        public final int run(Arguments arguments, PrintWriter out, PrintWriter err) {
            AppConfig config = ConfigOptions.resolve(arguments, Map.of());
            if (!config.wechat().contactEnabled()) {
                throw new AppConfig.ConfigException("customer contact is not configured: set wecom-corp-id and "
                        + "SUNLIGHT_WECOM_CONTACT_SECRET (or wecom-contact-secret-file)");
            }
            Clock clock = Sunlight.clockFor(config);
            Jdbi jdbi = Database.open(config.database());
            try {
                WeComApi api = new WeComApi(config.wechat(), config.wechat().corpId(),
                        config.wechat().contactSecret(), null);
                return run(arguments, new WeComGroups(api, jdbi, new Registry(jdbi), new AuditLog(jdbi, clock),
                        clock), out);
            } catch (Rejected e) {
                err.println(e.getMessage());
                return 2;
            } finally {
                // Closed, so no WAL file is left beside the database.
                Database.close(jdbi);
            }
        }

        abstract int run(Arguments arguments, WeComGroups groups, PrintWriter out);
    }

    /** {@code wecom-groups}: lists the customer groups and their bindings. */
    public static final class ListGroups extends Base {
        private static final CommandSpec SPEC = new CommandSpec("wecom-groups",
                "List the corp's WeCom customer groups (owners' groups) and the complex each is bound to.",
                ConfigOptions.and(), List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        int run(Arguments arguments, WeComGroups customerGroups, PrintWriter out) {
            List<WeComGroups.Group> groups = customerGroups.list();
            if (groups.isEmpty()) {
                out.println("no customer groups");
            }
            for (WeComGroups.Group group : groups) {
                out.println(group.chatId() + "\t" + group.name() + "\towner " + group.owner() + "\t"
                        + (group.boundComplexCode() == null ? "(not bound)" : "bound to " + group.boundComplexCode()));
            }
            return 0;
        }
    }

    /** {@code bind-group COMPLEX CHAT_ID}: binds a customer group as a complex's owners' group. */
    public static final class BindGroup extends Base {
        private static final CommandSpec SPEC = new CommandSpec("bind-group",
                "Bind a WeCom customer group as a complex's owners' group.",
                ConfigOptions.and(),
                List.of(new Parameter("complex", "the complex's code, e.g. jinxiu"),
                        new Parameter("chatId", "the customer group's chat_id (see wecom-groups)")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        int run(Arguments arguments, WeComGroups groups, PrintWriter out) {
            String complex = arguments.parameter("complex");
            String chatId = arguments.parameter("chatId");
            WeComGroups.Binding binding = groups.bind(complex, chatId, "cli");
            out.println("bound " + chatId + " (" + binding.name() + ", owner "
                    + binding.ownerUserId() + ") as the owners' group of " + complex);
            return 0;
        }
    }
}
