package io.finrelay.server.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A handler whose JSON body, or answer, is a document of the canonical model, checked against its JSON
 * Schema ({@code io.finrelay.model.schema.CanonicalSchemas}) rather than bound to a record. The published
 * contract then describes that body with the same schema ({@link CanonicalSchemasInOpenApi}); several
 * names mean any of them, the path saying which (the master-data kinds of one path).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CanonicalDocument {
    /** The canonical schemas' names, e.g. {@code "expense-report"}. */
    String[] value();

    /** Whether the request body is such a document. */
    boolean request() default true;

    /** The success status whose answer is such a document, or empty when the answer is something else. */
    String response() default "";
}
