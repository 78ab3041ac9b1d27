package dev.laurel.account;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The API-token scope an endpoint needs when it is not the one its HTTP method implies (GET/HEAD: read,
 * others: write): the labeling hot path says {@code @RequiresScope(ApiScope.LABEL)}. Checked by {@link ApiTokenScopes}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {
    ApiScope value();
}
