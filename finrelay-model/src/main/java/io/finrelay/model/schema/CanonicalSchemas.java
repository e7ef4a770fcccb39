package io.finrelay.model.schema;

import java.util.List;

/**
 * Where the canonical JSON Schemas (draft 2020-12) live on the classpath. Each schema's {@code $id}
 * is {@link #BASE_URI} + {@code <name>.schema.json} and its {@code $ref}s are relative, so a
 * validator that maps {@link #BASE_URI} to {@link #RESOURCE_DIRECTORY} resolves them offline.
 *
 * <p>The schemas check shape (types, required fields, patterns, lengths); the records check the
 * deeper rules (IBAN mod-97, a journal balanced per currency, scale per currency).
 */
public final class CanonicalSchemas {
    /** The prefix of every schema's {@code $id}. */
    public static final String BASE_URI = "https://schemas.finrelay.io/model/v1/";
    /** The classpath directory of the schema files, without a leading slash. */
    public static final String RESOURCE_DIRECTORY = "io/finrelay/model/schema/";

    // Shared definitions first, then the documents the API accepts.
    private static final List<String> NAMES = List.of(
            "common", "money", "iban", "bic", "bank-account",
            "legal-entity", "employee", "vendor", "customer", "cost-center", "project",
            "gl-account", "tax-code", "expense-report", "journal-entry", "payment-instruction");

    private CanonicalSchemas() {}

    /** The names of all published schemas, e.g. {@code "journal-entry"}. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The classpath resource path of a schema, without a leading slash, for
     * {@link ClassLoader#getResource(String)}: {@code io/finrelay/model/schema/money.schema.json}.
     */
    public static String resourcePath(String name) {
        return RESOURCE_DIRECTORY + fileName(name);
    }

    /** The schema's {@code $id}: {@code https://schemas.finrelay.io/model/v1/money.schema.json}. */
    public static String id(String name) {
        return BASE_URI + fileName(name);
    }

    private static String fileName(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no canonical schema named '" + name + "'; known: " + NAMES);
        }
        return name + ".schema.json";
    }
}
