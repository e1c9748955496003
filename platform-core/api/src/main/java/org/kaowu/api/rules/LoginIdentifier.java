package org.kaowu.api.rules;

/** What a candidate may type as login name, or give to identify themselves when recovering a password. */
public enum LoginIdentifier {
    ID_NUMBER,
    TICKET_NUMBER,
    EMAIL,
    MOBILE
}
