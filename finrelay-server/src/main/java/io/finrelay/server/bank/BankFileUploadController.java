package io.finrelay.server.bank;

import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/tenants/{t}/bank-files?connection=&name=} with the raw bank file as the body
 * (camt.052/053/054, MT940/942, BAI2, pain.002): the channels' import path, once per tenant. 201 with
 * the new record, 200 with the earlier one when the tenant already has that file, 422 naming file
 * and line when it is refused (it is then quarantined with an exception, as from a channel).
 */
@RestController
public class BankFileUploadController {
    private static final Set<String> ACCEPTED = Set.of("application/xml", "text/xml", "text/plain",
            "application/octet-stream");
    private static final Pattern CONNECTION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private final Access access;
    private final BankFileUploads uploads;

    public BankFileUploadController(Access access, BankFileUploads uploads) {
        this.access = access;
        this.uploads = uploads;
    }

    /** Uploads a bank file (camt.052/053/054, MT940/942, BAI2, pain.002) through the channels' import path; the same content again answers the earlier record. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the file, imported", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The same content again: the earlier record, nothing changed", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", ref = "#/components/responses/Unprocessable")
    @PostMapping("/v1/tenants/{tenantId}/bank-files")
    @Operation(operationId = "uploadBankFile")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the bank file as it came "
            + "from the bank", content = {
            @Content(mediaType = "application/xml", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "text/plain", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary"))})
    public ResponseEntity<BankFileView> upload(@PathVariable UUID tenantId,
                                               @RequestParam(required = false) String connection,
                                               @RequestParam(required = false) String name,
                                               HttpServletRequest request) throws IOException {
        TenantScope scope = access.tenant(tenantId, Action.SUBMIT_EVENTS);
        checkContentType(request.getContentType());
        if (connection == null || !CONNECTION.matcher(connection).matches()) {
            throw ApiProblem.invalid("connection", connection, "is required: 1-63 of a-z 0-9 . _ - (starting with a "
                    + "letter or digit), the tenant's name for the bank connection the file came through");
        }
        if (name == null || name.isBlank() || name.length() > 255 || name.contains("/") || name.contains("\\")
                || name.startsWith(".") || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.invalid("name", name, "is required: the file's plain name (no path), at most 255 characters");
        }
        BankFileUploads.Upload upload = uploads.upload(scope, connection, name, request.getInputStream());
        return switch (upload.status()) {
            case IMPORTED -> ResponseEntity.created(URI.create("/v1/tenants/" + tenantId + "/bank-files/" + upload.fileId()))
                    .body(upload.file());
            case DUPLICATE -> ResponseEntity.ok().location(URI.create("/v1/tenants/" + tenantId + "/bank-files/"
                    + upload.file().id())).body(upload.file());
            case REJECTED, CONTROL_FAILED -> throw refused(name, upload);
        };
    }

    private static void checkContentType(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        if (type == null || !ACCEPTED.contains(type.getType() + "/" + type.getSubtype())) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                    "send the bank file as it came from the bank, with Content-Type one of " + ACCEPTED.stream().sorted().toList());
        }
    }

    private static ApiProblem refused(String name, BankFileUploads.Upload upload) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("file", name);
        properties.put("fileId", upload.fileId());
        properties.put("fileStatus", upload.status().name());
        properties.put("problems", List.copyOf(upload.problems()));
        String detail = upload.problems().isEmpty() ? name + ": " + upload.status() : String.join("; ", upload.problems());
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, upload.status() == io.finrelay.formats.channel.ReceivedFile
                .Status.REJECTED ? "bank-file-rejected" : "bank-file-control-failed", "Bank file refused",
                detail.length() > 2000 ? detail.substring(0, 2000) + "..." : detail, properties);
    }
}
