package org.kaowu.api;

/** How an enrollment is paid: by the candidate online, or by a group enrollment point (集体报名点) for its candidates. */
public enum PaymentMethod {
    ONLINE,
    GROUP
}
