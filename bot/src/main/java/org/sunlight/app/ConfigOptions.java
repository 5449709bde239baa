package org.sunlight.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sunlight.cli.Arguments;
import org.sunlight.cli.CommandSpec.Option;

/** The options every command shares, {@code --config} and {@code --data-dir}, and the settings they select. */
public final class ConfigOptions {

    private static final Option CONFIG = Option.value("--config", "configFile",
            "config file (default: ./sunlight.properties if present)");
    private static final Option DATA_DIR = Option.value("--data-dir", "dataDir",
            "directory of the SQLite database (default: data)");

    private ConfigOptions() {
    }

    /** {@code --config} and {@code --data-dir}, then the command's own options. */
    public static List<Option> and(Option... own) {
        List<Option> options = new ArrayList<>(List.of(CONFIG, DATA_DIR));
        options.addAll(List.of(own));
        return options;
    }

    /** The settings from the config file, the environment, {@code --data-dir} and {@code more} overrides. */
    public static AppConfig resolve(Arguments arguments, Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.put("data-dir", arguments.value(DATA_DIR.name()));
        String configFile = arguments.value(CONFIG.name());
        return AppConfig.resolve(configFile == null ? null : Path.of(configFile), System.getenv(), overrides);
    }
}
