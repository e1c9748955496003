package org.kaowu.store.internal;

/**
 * Names that bind encrypted values to their column (the associated data of AES-GCM) and lookup hashes to
 * their kind. Changing one makes stored data unreadable: never do.
 */
final class Columns {
    static final String CANDIDATE_ID_NUMBER = "candidate.id_number";
    static final String CANDIDATE_MOBILE = "candidate.mobile";
    static final String RECORD_ID_NUMBER = "record_on_file.id_number";
    static final String RECOVERY_TARGET = "password_recovery.target";
    /** Lookup kinds: an ID number hashes alike in candidates and records on file. */
    static final String ID = "id";
    static final String MOBILE = "mobile";
    static final String EMAIL = "email";
    /** The channel of a mobile-binding code (the number is in target_enc). */
    static final String BINDING_CHANNEL = "BIND";

    private Columns() {
    }
}
