package org.kaowu.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kaowu database",
        description = "Where Kaowu keeps its data. Leave the JDBC URL empty for embedded Apache Derby in the data directory; "
                + "set a jdbc:postgresql:// URL, user and password for PostgreSQL (production).")
public @interface DatabaseConfig {
    String PID = "org.kaowu.store";

    @AttributeDefinition(name = "JDBC URL", description = "Empty: embedded Derby under <data>/derby. Or jdbc:postgresql://host:5432/kaowu", required = false)
    String jdbcUrl() default "";

    @AttributeDefinition(name = "User", required = false)
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(name = "Pool size", description = "Maximum connections to the database (PostgreSQL; the pool of embedded Derby too)", min = "1", max = "200")
    int maxPoolSize() default 10;

    @AttributeDefinition(name = "Personal-data keys", type = AttributeType.PASSWORD, required = false,
            description = "AES-256 keys of ID and mobile numbers at rest, id:base64 separated by commas, the first encrypts, all decrypt "
                    + "(add a new first key to rotate). Empty: generated into <data>/security/personal-data.keys. The same on every node.")
    String personalDataKeys() default "";

    @AttributeDefinition(name = "Personal-data lookup key", type = AttributeType.PASSWORD, required = false,
            description = "Base64 of the HMAC key that finds and keeps unique ID and mobile numbers; never changes once data exists. "
                    + "Set together with the keys, or neither.")
    String personalDataLookupKey() default "";
}
