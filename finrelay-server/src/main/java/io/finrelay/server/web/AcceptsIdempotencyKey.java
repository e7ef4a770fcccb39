package io.finrelay.server.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The handler honours an {@code Idempotency-Key} header (through {@link IdempotentRequests} or the
 * engine's inbox): a repeat with the same key and body is answered as the first time, a repeat with
 * another body is a 422, and a repeat while the first is still being processed a 409. The published
 * contract declares the header and both answers for every handler that carries this
 * ({@link ProblemsInOpenApi}); ArchitectureTest refuses a handler that uses {@link IdempotentRequests}
 * without it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AcceptsIdempotencyKey {}
