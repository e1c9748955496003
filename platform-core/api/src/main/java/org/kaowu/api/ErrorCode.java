package org.kaowu.api;

/**
 * Stable, machine-readable codes of domain failures. Clients switch on these; never rename one.
 * The REST layer maps each code to an HTTP status in one place.
 */
public enum ErrorCode {
    /** A request body or field failed validation; the field is named. */
    VALIDATION_FAILED,
    /** A required field was missing. */
    FIELD_REQUIRED,
    /** A field was longer than allowed. */
    FIELD_TOO_LONG,
    /** An identity document number is malformed (length, characters, date or check digit). */
    INVALID_ID_NUMBER,
    /** The identity document type does not apply (e.g. household register for an adult). */
    ID_TYPE_NOT_ACCEPTED,
    /** The password does not meet the password rules. */
    WEAK_PASSWORD,
    /** No region with that code is installed. */
    REGION_NOT_FOUND,
    /** The region is installed but lacks a service it needs for this request. */
    REGION_UNAVAILABLE,
    /** No office with that code in the region. */
    OFFICE_NOT_FOUND,
    /** The identity document number is already registered in this region. */
    CANDIDATE_ALREADY_REGISTERED,
    /** No such candidate. */
    CANDIDATE_NOT_FOUND,
    /** The name and ID number do not identify a candidate holding a ticket number. */
    TICKET_NUMBER_NOT_FOUND,
    /** The region is in its daily maintenance lock; Retry-After says when it ends. */
    REGION_LOCKED,
    /** The request could not be completed because of a concurrent change; retrying may succeed. */
    CONFLICT_RETRY
}
