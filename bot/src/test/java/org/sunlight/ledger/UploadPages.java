package org.sunlight.ledger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdbi.v3.core.Jdbi;

/**
 * Files 2026Q1's public-revenue ledger of one complex on a running service, the way a committee
 * member does: an upload link (issued here, as 记账 would), the file posted to /ledger/upload, the
 * dry run confirmed on /ledger/confirm. For tests that drive {@code sunlight serve} processes.
 */
public final class UploadPages {

    private static final Pattern UPLOAD = Pattern.compile("name=\"upload\" value=\"(\\d+)\"");

    private UploadPages() {
    }

    /** True once the complex has a filed period. */
    public static boolean filed(Jdbi jdbi, String complexCode) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM ledger_period p JOIN complex c "
                + "ON c.id = p.complex_id WHERE c.code = :code").bind("code", complexCode).mapTo(Integer.class)
                .one()) > 0;
    }

    /**
     * Uploads and confirms the quarter as {@code personCode}; returns the dry-run page's status and
     * body when it offered nothing to confirm. An IOException means the service died underneath.
     */
    public static Optional<String> fileQuarter2026Q1(HttpClient http, int port, Jdbi jdbi, String complexCode,
                                                     String personCode) throws IOException, InterruptedException {
        long complexId = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM complex WHERE code = :code")
                .bind("code", complexCode).mapTo(Long.class).one());
        long personId = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM person WHERE code = :code")
                .bind("code", personCode).mapTo(Long.class).one());
        UploadLinks links = new UploadLinks(jdbi, Clock.systemUTC());
        String token = links.issue(personId, complexId);
        String csrf = links.verify(token).csrf();
        String boundary = "----sunlight" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + token
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"q1.xlsx\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(LedgerFiles.xlsx(LedgerFiles.quarter2026Q1()));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> dryRun = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/ledger/upload")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher upload = UPLOAD.matcher(dryRun.body());
        if (!upload.find()) {
            return Optional.of(complexCode + ": " + dryRun.statusCode() + " " + dryRun.body());
        }
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&csrf="
                + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&upload=" + upload.group(1);
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ledger/confirm"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return Optional.empty();
    }
}
