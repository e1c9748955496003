package org.kaowu.rest.internal;

/** JSON body of {@code POST /regions/{code}/ticket-number-lookups}. */
record LookupBody(String name, String idNumber) {
}
