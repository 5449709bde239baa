package org.sunlight.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.channel.fake.WeChatFixture;

/**
 * The cookies not covered by {@code DashboardHttpTest} (which checks the dashboard session): the
 * operator's admin cookie and the pre-login form cookie are HttpOnly and SameSite=Strict, and a
 * wrong admin token sets no cookie at all.
 */
class SessionCookiesTest {

    @TempDir
    Path directory;

    @Test
    void theAdminAndFormCookiesAreHttpOnlyAndSameSiteStrictAndAWrongTokenSetsNone() {
        try (WeChatFixture fixture = WeChatFixture.start(directory)) {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            JavalinTest.test(fixture.sunlight.web(), (server, ignored) -> {
                String base = "http://127.0.0.1:" + server.port();
                HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(URI.create(base + "/admin/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=guess")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();

                HttpResponse<String> admin = client.send(HttpRequest.newBuilder(URI.create(base + "/admin/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token="
                                + fixture.environment.get("SUNLIGHT_ADMIN_TOKEN"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                List<String> adminCookies = admin.headers().allValues("Set-Cookie");
                assertThat(adminCookies).singleElement().asString().contains("HttpOnly")
                        .containsIgnoringCase("SameSite=Strict").contains("Path=/admin");

                HttpResponse<String> form = client.send(HttpRequest.newBuilder(URI.create(base + "/c/jinxiu/ask"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(form.headers().allValues("Set-Cookie")).singleElement().asString()
                        .startsWith("sunlight_form=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
            });
        }
    }
}
