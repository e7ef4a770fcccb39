package io.finrelay.server.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.finrelay.formats.card.CardTransactionFile;
import io.finrelay.formats.card.CardTransactionFile.CardTransaction;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.JsonBodyCheck;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Corporate card transactions in, by file (the documented CSV) or as JSON, once per tenant by transaction
 * id; the tenant's transactions and what became of them; the tenant's card settings.
 */
@RestController
public class CardTransactionController {
    private static final String CSV = "text/csv";
    private static final String JSON = "application/json";
    private static final int MAX_BYTES = CardFileRoute.MAX_BYTES;
    private static final ObjectMapper DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    /** One transaction as JSON: the CSV's columns in camelCase; amounts as JSON numbers or decimal strings. */
    public record CardTransactionJson(@Schema(example = "VCF-2026-11-000102") String transactionId,
                                  @Schema(description = "masked card number or the issuer's account id, never a full "
                                          + "card number", example = "4111********1111") String cardAccount,
                                  @Schema(description = "the holder's employee id in Finrelay",
                                          example = "5b1e3c1a-4a52-4e7b-9d0e-8a1f2c3d4e5f") String employeeId,
                                  @Schema(example = "Anna Keller") String holderName,
                                  LocalDate transactionDate, LocalDate postingDate,
                                  @Schema(description = "the day the issuer debits the company for the statement "
                                          + "this transaction is billed on") LocalDate settlementDate,
                                  @Schema(example = "APPLE STORE #R095 NEW YORK") String merchantName,
                                  @Schema(description = "ISO 18245 merchant category code", example = "\"5732\"") String mcc,
                                  @Schema(description = "in the billing currency; a refund negative", example = "1161.57")
                                  BigDecimal billingAmount,
                                  @Schema(example = "EUR") String billingCurrency,
                                  @Schema(description = "for a foreign charge: what the merchant charged", example = "1249.00")
                                  BigDecimal originalAmount,
                                  @Schema(example = "USD") String originalCurrency) {}

    /** Transactions sent as JSON. */
    public record CardTransactionBatch(List<CardTransactionJson> transactions) {}

    /** What a file did: how many it held, which were new, which the tenant had already, how many were matched. */
    public record CardIntakeView(int received, List<String> inserted, List<String> duplicates, int matched) {}

    /** A transaction with what has become of it. */
    public record CardTransactionView(String transactionId, String cardAccount, String employeeId, String holderName,
                                  LocalDate transactionDate, LocalDate postingDate, LocalDate settlementDate,
                                  String merchantName, String mcc, BigDecimal billingAmount, String billingCurrency,
                                  BigDecimal originalAmount, String originalCurrency, String source, Instant receivedAt,
                                  @Schema(allowableValues = {"UNMATCHED", "MATCHED"}) String status,
                                  @Schema(description = "the expense report and line it was matched to") String reportId,
                                  String lineId,
                                  @Schema(allowableValues = {"BILLING_AMOUNT", "ORIGINAL_AMOUNT",
                                          "CONVERTED_WITHIN_FX_TOLERANCE"}) String matchBasis,
                                  BigDecimal matchScore, Instant matchedAt,
                                  @Schema(description = "when its holder was reminded") Instant remindedAt,
                                  @Schema(description = "the matched line says the employee paid it out of pocket, "
                                          + "yet the company's card paid it: check the employee is not reimbursed "
                                          + "for it too (null: unmatched, or matched before lines said who paid)")
                                  Boolean lineClaimedAsCash) {}

    private final Access access;
    private final CardTransactions transactions;
    private final CardFollowUps followUps;
    private final CardSettings settings;
    private final JsonBodyCheck jsonBody;
    private final Clock clock;

    public CardTransactionController(Access access, CardTransactions transactions, CardFollowUps followUps,
                                     CardSettings settings, JsonBodyCheck jsonBody, Clock clock) {
        this.access = access;
        this.transactions = transactions;
        this.followUps = followUps;
        this.settings = settings;
        this.jsonBody = jsonBody;
        this.clock = clock;
    }

    /**
     * Takes card transactions in: a CSV file as the card issuer exported it (columns in the server README) or
     * JSON. Each transaction id once per tenant: a file sent again adds nothing. A file with any bad cell is
     * refused whole (422, every problem with its line and column), nothing taken. The new ones are matched to
     * the expense lines at once.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Taken in: at least "
            + "one transaction was new", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Every transaction was "
            + "already there: nothing changed", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", ref = "#/components/responses/Unprocessable")
    @PostMapping("/v1/tenants/{tenantId}/card-transactions")
    @Operation(operationId = "uploadCardTransactions")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the card issuer's export as "
            + "CSV (a header row, one transaction per row), or the transactions as JSON", content = {
            @Content(mediaType = CSV, schema = @Schema(type = "string", description = "columns in the server README")),
            @Content(mediaType = JSON, schema = @Schema(implementation = CardTransactionBatch.class))})
    public ResponseEntity<CardIntakeView> upload(@PathVariable UUID tenantId, @RequestParam(required = false) String name,
                                             HttpServletRequest request) throws IOException {
        TenantScope scope = access.tenant(tenantId, Action.SUBMIT_EVENTS);
        boolean csv = csv(request.getContentType());
        if (name != null && (name.isBlank() || name.length() > 255 || name.contains("/") || name.contains("\\")
                || name.chars().anyMatch(Character::isISOControl))) {
            throw ApiProblem.invalid("name", name, "must be the file's plain name (no path), at most 255 characters");
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Too large", "a card file may have at most "
                    + MAX_BYTES + " bytes: send a large export in parts");
        }
        if (body.length == 0) {
            throw ApiProblem.invalid("body", null, "is empty: send the card issuer's CSV or the transactions as JSON");
        }
        List<CardTransaction> read;
        try {
            read = csv ? CardTransactionFile.readCsv(body) : CardTransactionFile.fromRecords(records(body));
        } catch (CardTransactionFile.RefusedException e) {
            throw refused(e.problems());
        }
        String source = (csv ? "file" : "api") + (name == null ? "" : ":" + name);
        CardTransactions.Intake intake = transactions.insert(scope, read, source, clock.instant());
        int matched = intake.inserted().isEmpty() ? 0 : followUps.match(scope).size();
        CardIntakeView view = new CardIntakeView(read.size(), intake.inserted(), intake.duplicates(), matched);
        return ResponseEntity.status(intake.inserted().isEmpty() ? HttpStatus.OK : HttpStatus.CREATED).body(view);
    }

    /** The tenant's card transactions, newest first, with what became of each. */
    @GetMapping("/v1/tenants/{tenantId}/card-transactions")
    @Operation(operationId = "listCardTransactions")
    public List<CardTransactionView> list(@PathVariable UUID tenantId, @RequestParam(required = false) String status,
                                      @RequestParam(required = false) String cardAccount,
                                      @RequestParam(required = false) LocalDate settlementDate,
                                      @RequestParam(defaultValue = "100") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        if (status != null && !status.equals("UNMATCHED") && !status.equals("MATCHED")) {
            throw ApiProblem.invalid("status", status, "must be UNMATCHED or MATCHED");
        }
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.invalid("limit", limit, "must lie in [1, 1000]");
        }
        return transactions.list(scope, status, cardAccount, settlementDate, limit).stream().map(s -> {
            CardTransaction t = s.transaction();
            return new CardTransactionView(t.transactionId(), t.cardAccount(), t.employeeId(), t.holderName(),
                    t.transactionDate(), t.postingDate(), t.settlementDate(), t.merchantName(), t.mcc(), t.billingAmount(),
                    t.billingCurrency(), t.originalAmount(), t.originalCurrency(), s.source(), s.receivedAt(), s.status(),
                    s.matchedReportId(), s.matchedLineId(), s.matchBasis(), s.matchScore(), s.matchedAt(), s.remindedAt(),
                    s.lineClaimedAsCash());
        }).toList();
    }

    /** The tenant's card settings (defaults when never set: ten days' grace, no accrual). */
    @GetMapping("/v1/tenants/{tenantId}/card-settings")
    @Operation(operationId = "getCardSettings")
    public CardSettings.CardFeedSettings getSettings(@PathVariable UUID tenantId) {
        return settings.of(access.tenant(tenantId, Action.READ_MASTER_DATA));
    }

    /** Replaces the tenant's card settings (absent fields take the defaults); audited. */
    @PutMapping("/v1/tenants/{tenantId}/card-settings")
    @Operation(operationId = "putCardSettings")
    public CardSettings.CardFeedSettings putSettings(@PathVariable UUID tenantId, @RequestBody CardSettings.CardFeedSettings body,
                                             HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        return settings.save(scope, body, Correlation.of(request));
    }

    private static boolean csv(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        String plain = type == null ? "" : type.getType() + "/" + type.getSubtype();
        if (!plain.equals(CSV) && !plain.equals(JSON)) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                    "send the card issuer's export as " + CSV + " or the transactions as " + JSON);
        }
        return plain.equals(CSV);
    }

    /** The JSON items as the file's cells: {@code billingAmount} is the column {@code billing_amount}, digits as sent. */
    private List<Map<String, String>> records(byte[] body) throws IOException {
        jsonBody.check(body);
        JsonNode root;
        try {
            root = DECIMALS.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalid("body", null, "is not JSON: " + e.getOriginalMessage());
        }
        JsonNode items = root == null ? null : root.get("transactions");
        if (items == null || !items.isArray()) {
            throw ApiProblem.invalid("transactions", null, "is required: an array of card transactions");
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw ApiProblem.invalid("transactions[" + i + "]", null, "must be an object");
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> f : item.properties()) {
                String column = f.getKey().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
                if (!CardTransactionFile.COLUMNS.containsKey(column)) {
                    throw ApiProblem.invalid("transactions[" + i + "]." + f.getKey(), null, "is no card transaction field");
                }
                JsonNode v = f.getValue();
                if (v.isContainerNode()) {
                    throw ApiProblem.invalid("transactions[" + i + "]." + f.getKey(), null, "must be a string or a number");
                }
                cells.put(column, v.isNull() ? null : v.isNumber() ? v.decimalValue().toPlainString() : v.asText());
            }
            out.add(cells);
        }
        return out;
    }

    private static ApiProblem refused(List<CardTransactionFile.Problem> problems) {
        List<Map<String, Object>> listed = new ArrayList<>();
        for (CardTransactionFile.Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", p.line());
            if (p.column() != null) {
                m.put("column", p.column());
            }
            if (p.field() != null) {
                m.put("field", p.field());
            }
            m.put("message", p.message());
            listed.add(m);
        }
        String detail = String.join("; ", problems.stream().map(CardTransactionFile.Problem::message).toList());
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "card-transactions-refused", "Card transactions refused",
                (detail.length() > 2000 ? detail.substring(0, 2000) + "..." : detail) + "; nothing was taken in",
                Map.of("problems", listed));
    }
}
