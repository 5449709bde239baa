package org.sunlight.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import org.sunlight.app.Rejected;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.templates.Templates;
import org.sunlight.web.WebRoutes;

/**
 * The ledger pages for committee and property staff, reached through a personal link from chat:
 * upload a file or fill in the form → dry run listing every problem → confirm. Also serves the
 * blank templates. HTTP only; the work is done by {@link LedgerService}.
 */
public final class LedgerController implements WebRoutes {

    /** Rows the web form offers; more lines go in a file. */
    static final int FORM_ROWS = 8;

    private final LedgerService ledgers;
    private final UploadLinks links;
    private final Registry registry;
    private final Templates templates;
    private final String baseUrl;

    public LedgerController(LedgerService ledgers, UploadLinks links, Registry registry, Templates templates,
                            String baseUrl) {
        this.ledgers = ledgers;
        this.links = links;
        this.registry = registry;
        this.templates = templates;
        this.baseUrl = baseUrl;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/ledger/upload", this::uploadPage);
        routes.post("/ledger/upload", this::upload);
        routes.get("/ledger/form", this::formPage);
        routes.post("/ledger/form", this::submitForm);
        routes.post("/ledger/confirm", this::confirm);
        routes.get("/ledger/templates/{file}", this::template);
    }

    public void uploadPage(Context ctx) {
        UploadLinks.Link link = links.verify(ctx.queryParam("token"));
        ctx.html(templates.page("ledger-upload", baseModel(link, ctx.queryParam("token"))));
    }

    public void upload(Context ctx) {
        String token = ctx.formParam("token");
        UploadLinks.Link link = links.verify(token, ctx.formParam("csrf"));
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null || file.size() == 0) {
            throw Rejected.invalid("请选择要上传的 .xlsx 或 .csv 文件");
        }
        if (file.size() > TableReader.MAX_BYTES) {
            throw Rejected.invalid("文件太大（超过 2 MB），请按季度或月份分开上传");
        }
        byte[] content;
        try (InputStream in = file.content()) {
            content = in.readNBytes(TableReader.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        showDryRun(ctx, link, token, ledgers.dryRun(link, file.filename(), content));
    }

    public void formPage(Context ctx) {
        String token = ctx.queryParam("token");
        UploadLinks.Link link = links.verify(token);
        LedgerKind kind = LedgerKind.fromCode(String.valueOf(ctx.queryParam("kind")))
                .orElse(LedgerKind.PUBLIC_REVENUE);
        Map<String, Object> model = baseModel(link, token);
        model.put("kind", kind.code());
        model.put("kindLabel", kind.label());
        List<Map<String, Object>> keys = new ArrayList<>();
        List<String> keyNames = LedgerFormat.keys(kind);
        for (int i = 1; i < keyNames.size(); i++) {
            keys.add(Map.of("row", i + 1, "name", keyNames.get(i), "field", "key" + i));
        }
        model.put("keys", keys);
        model.put("columns", LedgerFormat.columns(kind));
        int headerRow = keyNames.size() + 1;
        List<Integer> rowNumbers = new ArrayList<>();
        for (int i = 1; i <= FORM_ROWS; i++) {
            rowNumbers.add(headerRow + i);
        }
        model.put("rows", rowNumbers);
        ctx.html(templates.page("ledger-form", model));
    }

    /** The form becomes the same sheet a file would be, so it meets exactly the same checks. */
    public void submitForm(Context ctx) {
        String token = ctx.formParam("token");
        UploadLinks.Link link = links.verify(token, ctx.formParam("csrf"));
        LedgerKind kind = LedgerKind.fromCode(String.valueOf(ctx.formParam("kind")))
                .orElseThrow(() -> Rejected.invalid("请选择台账类型"));
        List<List<String>> sheet = new ArrayList<>();
        List<String> keyNames = LedgerFormat.keys(kind);
        sheet.add(List.of(LedgerFormat.KIND_KEY, kind.label()));
        for (int i = 1; i < keyNames.size(); i++) {
            sheet.add(List.of(keyNames.get(i), field(ctx, "key" + i)));
        }
        List<String> columns = LedgerFormat.columns(kind);
        sheet.add(columns);
        for (int r = 0; r < FORM_ROWS; r++) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                row.add(field(ctx, "cell-" + r + "-" + c));
            }
            sheet.add(row);
        }
        showDryRun(ctx, link, token, ledgers.dryRun(link, "网页表单.csv", LedgerTemplates.csv(sheet)));
    }

    public void confirm(Context ctx) {
        String token = ctx.formParam("token");
        UploadLinks.Link link = links.verify(token, ctx.formParam("csrf"));
        long uploadId;
        try {
            uploadId = Long.parseLong(String.valueOf(ctx.formParam("upload")));
        } catch (NumberFormatException e) {
            throw Rejected.invalid("缺少要确认的上传编号");
        }
        LedgerService.Filed filed = ledgers.confirm(link, uploadId);
        ctx.redirect("/c/" + filed.complex().complex().code() + "/statements/" + filed.kind().code() + "/"
                + filed.period().code(), HttpStatus.SEE_OTHER);
    }

    public void template(Context ctx) {
        String file = ctx.pathParam("file");
        int dot = file.lastIndexOf('.');
        LedgerKind kind = LedgerKind.fromCode(dot < 0 ? file : file.substring(0, dot))
                .orElseThrow(() -> new NotFoundResponse("没有这个模板"));
        String extension = dot < 0 ? "" : file.substring(dot + 1);
        String name = kind.label() + "台账模板." + extension;
        String disposition = "attachment; filename=\"" + kind.code() + "." + extension + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        switch (extension) {
            case "csv" -> ctx.contentType("text/csv; charset=utf-8").header("Content-Disposition", disposition)
                    .result(LedgerTemplates.csv(LedgerFormat.example(kind)));
            case "xlsx" -> ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                    .header("Content-Disposition", disposition).result(LedgerTemplates.xlsx(LedgerFormat.example(kind)));
            default -> throw new NotFoundResponse("没有这个模板");
        }
    }

    private void showDryRun(Context ctx, UploadLinks.Link link, String token, LedgerService.DryRun dryRun) {
        Map<String, Object> model = baseModel(link, token);
        model.put("uploadId", dryRun.uploadId());
        model.put("fileName", dryRun.fileName());
        model.put("acceptable", dryRun.acceptable());
        model.put("problems", dryRun.problems());
        model.put("warnings", dryRun.warnings());
        ParsedLedger ledger = dryRun.ledger();
        model.put("kindLabel", ledger.kind() == null ? "" : ledger.kind().label());
        model.put("periodLabel", ledger.period() == null ? "" : ledger.period().label());
        model.put("lines", ledger.lines());
        model.put("incomeFen", ledger.sum("income"));
        model.put("spendingFen", ledger.sum("spending") + ledger.sum("withdrawal"));
        model.put("costFen", ledger.sum("cost"));
        ctx.status(dryRun.acceptable() ? 200 : 422).html(templates.page("ledger-dry-run", model));
    }

    private Map<String, Object> baseModel(UploadLinks.Link link, String token) {
        ComplexView complex = registry.complex(link.complexId()).orElseThrow();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("complexName", complex.complex().name());
        model.put("complexCode", complex.complex().code());
        model.put("person", registry.person(link.personId()).map(person -> person.name()).orElse(""));
        model.put("token", token);
        model.put("csrf", link.csrf());
        model.put("kinds", List.of(LedgerKind.values()).stream().map(kind -> Map.of("code", kind.code(),
                "label", kind.label())).toList());
        model.put("baseUrl", baseUrl);
        return model;
    }

    private static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }
}
