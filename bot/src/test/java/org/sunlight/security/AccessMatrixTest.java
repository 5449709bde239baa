package org.sunlight.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.channel.fake.WeChatFixture;
import org.sunlight.conversation.ChatCommand;
import org.sunlight.registry.Role;

/**
 * The access matrix ({@code src/test/resources/security/access-matrix.csv}) against the real
 * service with every WeChat part and the sandbox on: every route and chat command has exactly
 * one row, the chat rows agree with what each command allows, an anonymous caller gets what the
 * matrix says on every endpoint (and never a 500), and {@code docs/access-matrix.md} is generated
 * from the same file. Regenerate the doc with {@code -Daccess-matrix.write=true}.
 */
class AccessMatrixTest {

    static final List<String> COLUMNS = List.of("anonymous", "owner", "committee", "property", "community", "town",
            "discipline");
    private static final Map<String, Role> ROLES = Map.of("owner", Role.OWNER, "committee", Role.COMMITTEE,
            "property", Role.PROPERTY, "community", Role.COMMUNITY_OFFICER, "town", Role.TOWN_OFFICER,
            "discipline", Role.DISCIPLINE_OFFICER);
    private static final Path DOC = Path.of("..", "docs", "access-matrix.md");

    record Row(String surface, String id, Map<String, String> cells, String note) {
    }

    @TempDir
    Path directory;

    private WeChatFixture fixture;

    @BeforeEach
    void start() {
        fixture = WeChatFixture.start(directory);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    static List<Row> matrix() {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = AccessMatrixTest.class.getResourceAsStream("/security/access-matrix.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
            for (String line : lines.subList(1, lines.size())) {
                String[] parts = line.split(",", 10);
                Map<String, String> cells = new LinkedHashMap<>();
                for (int i = 0; i < COLUMNS.size(); i++) {
                    cells.put(COLUMNS.get(i), parts[2 + i]);
                }
                rows.add(new Row(parts[0], parts[1], cells, parts[9]));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private Set<String> routes() {
        return fixture.sunlight.web().unsafe.internalRouter.allHttpHandlers().stream()
                .map(handler -> handler.endpoint.method + " " + handler.endpoint.path)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private List<ChatCommand> commands() {
        return fixture.sunlight.inbound().commands().all();
    }

    @Test
    void everyEndpointAndChatCommandHasExactlyOneRowAndEveryRowStillExists() {
        List<Row> matrix = matrix();
        List<String> httpRows = matrix.stream().filter(row -> row.surface().equals("http")).map(Row::id).toList();
        List<String> chatRows = matrix.stream().filter(row -> row.surface().equals("chat")).map(Row::id).toList();
        Set<String> keys = commands().stream().map(ChatCommand::key).collect(Collectors.toCollection(TreeSet::new));

        assertThat(routes()).as("every route needs a row in access-matrix.csv (then run with "
                + "-Daccess-matrix.write=true to regenerate docs/access-matrix.md)").isSubsetOf(httpRows);
        assertThat(keys).as("every chat command needs a row in access-matrix.csv").isSubsetOf(chatRows);
        assertThat(httpRows).as("rows for routes that no longer exist").isSubsetOf(routes()).doesNotHaveDuplicates();
        assertThat(chatRows).as("rows for commands that no longer exist").isSubsetOf(keys).doesNotHaveDuplicates();
    }

    @Test
    void eachChatCommandAllowsExactlyTheRolesItsRowAllows() {
        Map<String, Row> rows = matrix().stream().filter(row -> row.surface().equals("chat"))
                .collect(Collectors.toMap(Row::id, row -> row));
        for (ChatCommand command : commands()) {
            Row row = rows.get(command.key());
            for (Map.Entry<String, Role> role : ROLES.entrySet()) {
                boolean allowed = !row.cells().get(role.getKey()).equals("no");
                assertThat(command.allows(Set.of(role.getValue())))
                        .as("%s for %s", command.key(), role.getKey()).isEqualTo(allowed);
            }
            assertThat(command.allows(Set.of())).as("%s for an unregistered sender", command.key())
                    .isEqualTo(!row.cells().get("anonymous").equals("no"));
        }
    }

    @Test
    void anAnonymousCallerGetsWhatTheMatrixSaysOnEveryEndpointAndNeverAServerError() {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        JavalinTest.test(fixture.sunlight.web(), (server, ignored) -> {
            for (Row row : matrix()) {
                if (!row.surface().equals("http")) {
                    continue;
                }
                String[] methodAndPath = row.id().split(" ", 2);
                String path = methodAndPath[1].replace("{code}", "jinxiu").replace("{kind}", "public-revenue")
                        .replace("{period}", "2026Q1").replace("{file}", "public-revenue.xlsx").replace("{id}", "1")
                        .replace("{target}", "jinxiu");
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + path));
                if (methodAndPath[0].equals("POST")) {
                    request.header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("text=%3Cscript%3E&name=%27%3B--"));
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                String location = response.headers().firstValue("Location").orElse("");
                String what = row.id() + " -> " + status + " " + location;
                assertThat(status).as(what).isLessThan(500);
                switch (row.cells().get("anonymous")) {
                    // A public POST may redirect to the login page afterwards (logout does).
                    case "all", "demo" -> assertThat(methodAndPath[0].equals("POST") || !location.startsWith("/login"))
                            .as(what).isTrue();
                    case "login" -> assertThat(location).as(what).startsWith("/login");
                    case "token", "signed" -> assertThat(status).as(what).isBetween(400, 499);
                    case "admin" -> assertThat(status == 401 || status == 403 || location.startsWith("/admin/login"))
                            .as(what).isTrue();
                    default -> fail("unknown cell for anonymous: " + what);
                }
                if (row.cells().get("anonymous").equals("all") && methodAndPath[0].equals("GET")) {
                    assertThat(status).as(what).isNotIn(401, 403);
                }
            }
        });
    }

    @Test
    void theAccessMatrixDocIsGeneratedFromTheDeclaredMatrix() throws IOException {
        String generated = markdown(matrix());
        if (Boolean.getBoolean("access-matrix.write")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "")
                .as("docs/access-matrix.md is stale: run mvn -pl bot test -Dtest=AccessMatrixTest "
                        + "-Daccess-matrix.write=true and commit the result").isEqualTo(generated);
    }

    /** The matrix as a Markdown table, scopes spelled out for complex A versus B. */
    static String markdown(List<Row> matrix) {
        StringBuilder doc = new StringBuilder();
        doc.append("# Access matrix\n\n")
                .append("Generated from `bot/src/test/resources/security/access-matrix.csv` by `AccessMatrixTest`; ")
                .append("do not edit by hand. The test fails when an HTTP route or a chat command has no row.\n\n")
                .append("Each cell is what that caller gets on complex A's resource (or in complex A's group). ")
                .append("\"A: yes / B: no\" means people of A's complex, community or town are let in and those of ")
                .append("another (B's complex, another community, another town) are refused. `token`: whoever ")
                .append("holds a valid upload link (issued by 记账 to committee or property of one complex, 72 h); ")
                .append("`signed`: only WeChat's signed, fresh, encrypted callback; `admin`: only the operator's ")
                .append("admin token; `login`: sent to the login page; `demo`: only with `sandbox=true`.\n\n");
        section(doc, "HTTP endpoints", "Endpoint", matrix.stream().filter(row -> row.surface().equals("http")).toList());
        section(doc, "Chat commands", "Command (key)", matrix.stream().filter(row -> row.surface().equals("chat"))
                .toList());
        return doc.toString();
    }

    private static void section(StringBuilder doc, String title, String first, List<Row> rows) {
        doc.append("## ").append(title).append("\n\n| ").append(first)
                .append(" | anonymous | owner | committee | property | community | town | discipline | note |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            doc.append("| `").append(row.id()).append("` |");
            for (String column : COLUMNS) {
                doc.append(' ').append(spell(row.cells().get(column))).append(" |");
            }
            doc.append(' ').append(row.note()).append(" |\n");
        }
        doc.append('\n');
    }

    private static String spell(String cell) {
        return switch (cell) {
            case "all" -> "yes";
            case "own" -> "A: yes / B: no";
            default -> cell;
        };
    }
}
