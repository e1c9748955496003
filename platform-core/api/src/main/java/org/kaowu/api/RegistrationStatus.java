package org.kaowu.api;

/**
 * Where a candidate's record stands. 预注册 (pre-registered) until identity is confirmed or an office
 * approves, then 注册 (registered).
 */
public enum RegistrationStatus {
    PRE_REGISTERED,
    PENDING_REVIEW,
    REGISTERED,
    REJECTED
}
