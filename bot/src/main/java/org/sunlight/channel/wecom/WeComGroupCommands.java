package org.sunlight.channel.wecom;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.AppConfig;
import org.sunlight.app.Rejected;
import org.sunlight.app.Sunlight;
import org.sunlight.audit.AuditLog;
import org.sunlight.registry.Registry;
import org.sunlight.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The CLI's {@code wecom-groups} and {@code bind-group} commands. */
public final class WeComGroupCommands {

    private WeComGroupCommands() {
    }

    /** Options both commands share (the same as every other command's). */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec commandSpec;

        @Option(names = "--config", description = "config file (default: ./sunlight.properties if present)")
        Path configFile;

        @Option(names = "--data-dir", description = "directory of the SQLite database (default: data)")
        String dataDir;

        WeComGroups groups() {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("data-dir", dataDir);
            AppConfig config = AppConfig.resolve(configFile, System.getenv(), overrides);
            if (!config.wechat().contactEnabled()) {
                throw new AppConfig.ConfigException("customer contact is not configured: set wecom-corp-id and "
                        + "SUNLIGHT_WECOM_CONTACT_SECRET (or wecom-contact-secret-file)");
            }
            Clock clock = Sunlight.clockFor(config);
            Jdbi jdbi = Database.open(config.database());
            WeComApi api = new WeComApi(config.wechat(), config.wechat().corpId(), config.wechat().contactSecret(),
                    null);
            return new WeComGroups(api, jdbi, new Registry(jdbi), new AuditLog(jdbi, clock), clock);
        }

        @Override
        public Integer call() {
            try {
                return run();
            } catch (Rejected e) {
                commandSpec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
        }

        abstract int run();
    }

    @Command(name = "wecom-groups", mixinStandardHelpOptions = true,
            description = "List the corp's WeCom customer groups (owners' groups) and the complex each is bound to.")
    public static final class ListGroups extends Base {
        @Override
        int run() {
            List<WeComGroups.Group> groups = groups().list();
            var out = commandSpec.commandLine().getOut();
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

    @Command(name = "bind-group", mixinStandardHelpOptions = true,
            description = "Bind a WeCom customer group as a complex's owners' group.")
    public static final class BindGroup extends Base {
        @Parameters(index = "0", description = "the complex's code, e.g. jinxiu")
        String complex;

        @Parameters(index = "1", description = "the customer group's chat_id (see wecom-groups)")
        String chatId;

        @Override
        int run() {
            WeComGroups.Binding binding = groups().bind(complex, chatId, "cli");
            commandSpec.commandLine().getOut().println("bound " + chatId + " (" + binding.name() + ", owner "
                    + binding.ownerUserId() + ") as the owners' group of " + complex);
            return 0;
        }
    }
}
