package org.sunlight.templates;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.loader.DelegatingLoader;
import io.pebbletemplates.pebble.loader.Loader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders Sunlight's chat messages and HTML pages from Pebble templates.
 *
 * <h2>Where templates live</h2>
 * A template is named without directory or extension, e.g. {@code "quarterly-report"} or, in a
 * sub-folder, {@code "reports/quarterly"} (letters, digits, {@code -} and {@code _}, segments
 * separated by {@code /}).
 * <ul>
 * <li>{@link #chat(String, Map)} loads {@code templates/chat/<name>.peb} from the classpath;</li>
 * <li>{@link #page(String, Map)} loads {@code templates/page/<name>.peb} from the classpath.
 * Pages normally start with {@code {% extends "layout" %}} and fill the blocks {@code title},
 * {@code head}, {@code content} and {@code scripts}.</li>
 * </ul>
 * With an override directory, {@code <dir>/chat/<name>.peb} and {@code <dir>/page/<name>.peb} win
 * over the built-in template of the same name; this also applies to templates pulled in by
 * {@code extends}/{@code include}, so an operator can restyle {@code page/layout.peb} alone. Files
 * are UTF-8 (a leading byte order mark is ignored). Compiled templates are cached, so edits to
 * override files take effect after a restart.
 *
 * <h2>Broken overrides</h2>
 * Call {@link #validateOverrides()} at start-up to list override files that do not compile. If
 * rendering through the overrides fails for any reason and the built-in template renders the same
 * model fine, the built-in output is used and a WARN is logged once per template; if the built-in
 * template fails too, its error is thrown.
 *
 * <h2>Two engines</h2>
 * <ul>
 * <li>Chat: plain text, no escaping. The output is tidied for chat: CRLF becomes LF, spaces and
 * tabs at line ends, blank lines at the start and whitespace at the end are removed, and runs of
 * blank lines collapse to a single blank line.</li>
 * <li>Page: HTML with automatic HTML escaping of every {@code {{ }}} output; use
 * {@code {{ trusted | raw }}} only for markup the application built itself.</li>
 * </ul>
 * Both engines use strict variables (a missing variable or attribute fails the render instead of
 * printing nothing) and the locale zh-CN. Pebble's newline trimming is off, because it would also
 * swallow the newline after every {@code {{ value }}} and join chat lines. Instead, a control tag
 * on a line of its own ends with <code>-%&#125;</code> to drop its newline:
 * <pre>
 * 【{{ title }}】
 * {% for item in items -%}
 * {{ loop.index + 1 }}. {{ item.name }}
 * {% endfor -%}
 * —— 阳光监督助手
 * </pre>
 * Note that <code>-%&#125;</code> also removes the next line's indentation, fullwidth spaces included.
 *
 * <h2>Filters and functions</h2>
 * Backed by {@link Formats}; amounts are integer fen ({@code Long}, {@code Integer}; never
 * {@code Double}). A {@code null} or wrongly typed input fails the render.
 * <ul>
 * <li>{@code {{ fen | money }}} gives ¥1,234.50; {@code {{ fen | yuan }}} gives 1,234.50;</li>
 * <li>{@code {{ day | date }}} gives 2026年3月5日 and {@code {{ day | date(weekday=true) }}} gives
 * 2026年3月5日（周四）, for a {@code LocalDate} or an {@code Instant}/{@code ZonedDateTime}/
 * {@code OffsetDateTime} (converted to Asia/Shanghai). This replaces Pebble's built-in
 * {@code date} filter; pattern arguments are refused;</li>
 * <li>{@code {{ instant | datetime }}} gives 2026年3月5日 14:05 in Asia/Shanghai;</li>
 * <li>{@code {{ yearMonthOrDate | month }}} gives 2026年3月;</li>
 * <li>{@code {{ quarterNumber | quarter(year) }}} and the function {@code {{ quarter(year, q) }}}
 * give 2026年第3季度.</li>
 * </ul>
 *
 * <p>Instances are thread-safe and meant to be shared: the Pebble engines are built once in the
 * constructor and all mutable state is concurrent.
 */
public final class Templates {

    static final String SUFFIX = ".peb";

    private static final Logger LOG = LoggerFactory.getLogger(Templates.class);

    private static final Pattern TEMPLATE_NAME = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    private static final Pattern SPACES_AT_LINE_END = Pattern.compile("[ \\t]+(?=\\n)");
    private static final Pattern BLANK_LINES_AT_START = Pattern.compile("\\A(?:[ \\t]*\\n)+");
    private static final Pattern MORE_THAN_ONE_BLANK_LINE = Pattern.compile("\\n{3,}");
    private static final Pattern WHITESPACE_AT_END = Pattern.compile("\\s+\\z");

    private final Flavor chat;
    private final Flavor page;
    private final Path overrideDirectory;
    private final Set<String> warnedOverrides = ConcurrentHashMap.newKeySet();

    /**
     * Builds the chat and page engines.
     *
     * @param overrideDirOrNull a directory whose {@code chat/} and {@code page/} sub-directories
     *     hold override templates, or {@code null} to use only the built-in templates. It need not
     *     exist yet; {@link #validateOverrides()} reports it if it does not.
     */
    public Templates(Path overrideDirOrNull) {
        this.overrideDirectory = overrideDirOrNull == null ? null : overrideDirOrNull.toAbsolutePath().normalize();
        this.chat = new Flavor("chat", false, overrideDirectory);
        this.page = new Flavor("page", true, overrideDirectory);
    }

    /**
     * Returns templates that use only the built-in classpath templates.
     *
     * @return a new instance without overrides
     */
    public static Templates defaults() {
        return new Templates(null);
    }

    /**
     * Renders a chat message from {@code chat/<name>.peb}, unescaped and tidied (see class docs).
     *
     * @param name the template name, e.g. {@code "quarterly-report"}
     * @param model the variables; every variable the template uses must be present
     * @return the message text, without trailing newline
     * @throws TemplateException if the template is missing, does not compile or fails to render
     * @throws IllegalArgumentException if the name is not a valid template name
     */
    public String chat(String name, Map<String, ?> model) {
        return tidyChatText(render(chat, name, model));
    }

    /**
     * Renders an HTML page from {@code page/<name>.peb} with HTML escaping.
     *
     * @param name the template name, e.g. {@code "error"}
     * @param model the variables; every variable the template uses must be present
     * @return the HTML document
     * @throws TemplateException if the template is missing, does not compile or fails to render
     * @throws IllegalArgumentException if the name is not a valid template name
     */
    public String page(String name, Map<String, ?> model) {
        return render(page, name, model);
    }

    /**
     * Compiles every {@code *.peb} file in the override directory's {@code chat/} and
     * {@code page/} sub-directories and reports the ones that fail.
     *
     * <p>Only syntax is checked: variables, filter names, parents and includes are resolved when
     * rendering. Rendering falls back to the built-in templates for broken overrides, so these
     * problems are worth reporting but need not stop the application.
     *
     * @return one line per problem, e.g. {@code "chat/help.peb 第3行: Unexpected end of template..."};
     *     empty if there are no problems or no override directory was given
     */
    public List<String> validateOverrides() {
        if (overrideDirectory == null) {
            return List.of();
        }
        if (!Files.isDirectory(overrideDirectory)) {
            return List.of(overrideDirectory + ": 覆盖模板目录不存在或不是目录");
        }
        List<String> problems = new ArrayList<>();
        for (Flavor flavor : List.of(chat, page)) {
            problems.addAll(flavor.validateOverrideFiles());
        }
        return List.copyOf(problems);
    }

    private String render(Flavor flavor, String name, Map<String, ?> model) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        if (!TEMPLATE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a template name: '" + name
                    + "' (use letters, digits, - and _, sub-folders separated by /, no extension)");
        }
        String qualifiedName = flavor.directoryName + "/" + name;
        Map<String, Object> context = Collections.unmodifiableMap(model);

        if (flavor.withOverrides == null) {
            try {
                return evaluate(flavor.builtIn, name, context);
            } catch (RuntimeException failure) {
                throw new TemplateException(qualifiedName, failure);
            }
        }
        try {
            return evaluate(flavor.withOverrides, name, context);
        } catch (RuntimeException overrideFailure) {
            return renderBuiltInInstead(flavor, name, qualifiedName, context, overrideFailure);
        }
    }

    private String renderBuiltInInstead(Flavor flavor, String name, String qualifiedName,
            Map<String, Object> context, RuntimeException overrideFailure) {
        if (!flavor.builtInExists(name)) {
            throw new TemplateException(qualifiedName, overrideFailure);
        }
        String output;
        try {
            output = evaluate(flavor.builtIn, name, context);
        } catch (RuntimeException builtInFailure) {
            // Usually the same failure twice (e.g. a variable missing from the model); only keep
            // the override's when it tells something different.
            TemplateException exception = new TemplateException(qualifiedName, builtInFailure);
            if (!Objects.equals(builtInFailure.getMessage(), overrideFailure.getMessage())) {
                exception.addSuppressed(overrideFailure);
            }
            throw exception;
        }
        if (warnedOverrides.add(qualifiedName)) {
            LOG.warn("Override template for {} failed, using the built-in template instead "
                    + "(logged once; later failures at DEBUG): {}", qualifiedName, overrideFailure.getMessage());
        } else {
            LOG.debug("Override template for {} failed again, using the built-in template: {}",
                    qualifiedName, overrideFailure.getMessage());
        }
        return output;
    }

    private static String evaluate(PebbleEngine engine, String name, Map<String, Object> context) {
        StringWriter writer = new StringWriter();
        try {
            engine.getTemplate(name).evaluate(writer, context);
        } catch (IOException e) {
            // A StringWriter does not throw; this only satisfies the signature.
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }

    private static String tidyChatText(String text) {
        // Each pattern runs only when the text can contain a match (cheap checks first): the sweep
        // renders thousands of messages per run and the regular expressions were a visible share.
        String tidy = text.replace("\r\n", "\n");
        if (tidy.contains(" \n") || tidy.contains("\t\n")) {
            tidy = SPACES_AT_LINE_END.matcher(tidy).replaceAll("");
        }
        if (!tidy.isEmpty() && (tidy.charAt(0) == '\n' || tidy.charAt(0) == ' ' || tidy.charAt(0) == '\t')) {
            tidy = BLANK_LINES_AT_START.matcher(tidy).replaceFirst("");
        }
        if (tidy.contains("\n\n\n")) {
            tidy = MORE_THAN_ONE_BLANK_LINE.matcher(tidy).replaceAll("\n\n");
        }
        if (!tidy.isEmpty() && Character.isWhitespace(tidy.charAt(tidy.length() - 1))) {
            tidy = WHITESPACE_AT_END.matcher(tidy).replaceFirst("");
        }
        return tidy;
    }

    /** The engines for one kind of template: chat or page. */
    private static final class Flavor {

        final String directoryName;
        final PebbleEngine builtIn;
        /** Overrides first, then built-ins; null without override directory. */
        final PebbleEngine withOverrides;
        /** Overrides only and uncached, so validation always reads the files as they are now. */
        final PebbleEngine overridesOnly;
        final Path overrideDirectory;
        private final ClasspathLoader builtInLoader;

        Flavor(String directoryName, boolean html, Path overrideRoot) {
            this.directoryName = directoryName;
            this.builtInLoader = classpathLoader(directoryName);
            this.builtIn = engine(builtInLoader, html, true);
            if (overrideRoot == null) {
                this.overrideDirectory = null;
                this.withOverrides = null;
                this.overridesOnly = null;
            } else {
                this.overrideDirectory = overrideRoot.resolve(directoryName);
                List<Loader<?>> overridesThenBuiltIn = List.of(
                        new BomSkippingFileLoader(overrideDirectory), classpathLoader(directoryName));
                this.withOverrides = engine(new DelegatingLoader(overridesThenBuiltIn), html, true);
                this.overridesOnly = engine(new BomSkippingFileLoader(overrideDirectory), html, false);
            }
        }

        boolean builtInExists(String name) {
            return builtInLoader.resourceExists(name);
        }

        List<String> validateOverrideFiles() {
            if (!Files.isDirectory(overrideDirectory)) {
                return List.of();
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(overrideDirectory)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                        .sorted()
                        .collect(Collectors.toList());
            } catch (IOException | UncheckedIOException e) {
                return List.of(directoryName + "/: 无法读取覆盖模板目录: " + e.getMessage());
            }
            List<String> problems = new ArrayList<>();
            for (Path file : files) {
                String relative = overrideDirectory.relativize(file).toString().replace('\\', '/');
                String displayName = directoryName + "/" + relative;
                String name = relative.substring(0, relative.length() - SUFFIX.length());
                if (!TEMPLATE_NAME.matcher(name).matches()) {
                    problems.add(displayName + ": 文件名只能包含字母、数字、- 和 _，此文件不会被使用");
                    continue;
                }
                try {
                    overridesOnly.getTemplate(name);
                } catch (PebbleException e) {
                    String line = e.getLineNumber() == null ? "" : " 第" + e.getLineNumber() + "行";
                    problems.add(displayName + line + ": " + e.getPebbleMessage());
                } catch (RuntimeException e) {
                    problems.add(displayName + ": " + e);
                }
            }
            return problems;
        }

        private static ClasspathLoader classpathLoader(String directoryName) {
            // Our own class loader, not Pebble's: they differ in some container and plugin setups.
            ClasspathLoader loader = new ClasspathLoader(Templates.class.getClassLoader());
            loader.setPrefix("templates/" + directoryName);
            loader.setSuffix(SUFFIX);
            loader.setCharset("UTF-8");
            return loader;
        }

        private static PebbleEngine engine(Loader<?> loader, boolean html, boolean cache) {
            PebbleEngine.Builder builder = new PebbleEngine.Builder()
                    .loader(loader)
                    .extension(new FormatsExtension())
                    .strictVariables(true)
                    // Pebble's trimming also eats the newline after {{ value }}, which joins the
                    // lines of chat text; templates use -%} on control tags instead.
                    .newLineTrimming(false)
                    .defaultLocale(Locale.SIMPLIFIED_CHINESE)
                    .cacheActive(cache)
                    .autoEscaping(html);
            if (html) {
                builder.defaultEscapingStrategy("html");
            }
            return builder.build();
        }
    }
}
