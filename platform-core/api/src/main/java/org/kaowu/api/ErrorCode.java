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
    /** No assistance unit with that code in the region (its assistance-units.json). */
    ASSISTANCE_UNIT_NOT_FOUND,
    /** The identity document number is already registered in this region. */
    CANDIDATE_ALREADY_REGISTERED,
    /** No such candidate. */
    CANDIDATE_NOT_FOUND,
    /** The name and ID number do not identify a candidate holding a ticket number. */
    TICKET_NUMBER_NOT_FOUND,
    /** The region is in its daily maintenance lock; Retry-After says when it ends. */
    REGION_LOCKED,
    /** Login name or password wrong (one answer for both, so that logins cannot be probed). */
    INVALID_CREDENTIALS,
    /** Too many failed attempts: locked for a while; Retry-After says how long. */
    LOCKED_OUT,
    /** No valid session token (missing, malformed, expired, revoked). */
    UNAUTHENTICATED,
    /** The caller's role or scope does not allow this. */
    FORBIDDEN,
    /** The action does not fit the candidate's place in the region's registration flow. */
    WRONG_STEP,
    /** A staff account with that username exists. */
    STAFF_ALREADY_EXISTS,
    /** A registration photo breaks the region's photo rules. */
    PHOTO_REJECTED,
    /** The identity check (ID card, face, photo) failed; it may be repeated. */
    IDENTITY_CHECK_FAILED,
    /** A verification code, reset link or security answer is wrong, used or expired. */
    VERIFICATION_FAILED,
    /** The region does not offer this (e.g. a recovery channel or confirmation method). */
    NOT_OFFERED,
    /** An external service (identity check, messages) did not answer; retrying may succeed. */
    UPSTREAM_UNAVAILABLE,
    /** No record on file matches (returning candidates): the same answer for an unknown ID number and a wrong name. */
    NOT_ON_FILE,
    /** Several ticket numbers are on file: the candidate must choose the one to keep. */
    TICKET_CHOICE_REQUIRED,
    /** The national records do not confirm the prior diploma: upload proof for an office to review. */
    PRIOR_EDUCATION_NOT_VERIFIED,
    /** An uploaded document is not a PDF or JPEG, or too large. */
    DOCUMENT_REJECTED,
    /** The request could not be completed because of a concurrent change; retrying may succeed. */
    CONFLICT_RETRY,
    /** The e-mail address or mobile number is already a login name of another candidate of the region. */
    LOGIN_NAME_TAKEN,
    /** Too many requests of this kind from this client or for this target; Retry-After says when to try again. */
    RATE_LIMITED,
    /** A ticket number is malformed by the region's ticket-number rules. */
    INVALID_TICKET_NUMBER,
    /** A ticket number is already held in the region (by a candidate, or by a record on file). */
    TICKET_NUMBER_HELD,
    /** An import was refused whole: the problem's {@code errors} list every line at fault; nothing was applied. */
    IMPORT_REFUSED,
    /** No sitting with that code in the region's calendar. */
    SITTING_NOT_FOUND,
    /** No such enrollment of this candidate. */
    ENROLLMENT_NOT_FOUND,
    /** Outside the sitting's enrollment window (region time). */
    ENROLLMENT_CLOSED,
    /** Inside the region's daily lock, when enrollment is closed; Retry-After says when it ends. */
    DAILY_LOCK,
    /** The candidate already has an enrollment in this sitting (one per sitting). */
    ALREADY_ENROLLED,
    /** Two chosen courses are examined in the same session. */
    SESSION_CONFLICT,
    /** More courses than the sitting has sessions. */
    TOO_MANY_COURSES,
    /** A course that is not in the chosen major, or a major that was not chosen. */
    COURSE_NOT_IN_MAJOR,
    /** A course that this sitting's timetable does not examine. */
    COURSE_NOT_EXAMINED,
    /** A major that the region's catalogue does not list. */
    UNKNOWN_MAJOR,
    /** An exam area that the region does not list. */
    UNKNOWN_EXAM_AREA,
    /** Payment has started: the enrollment can no longer be changed, only paid. */
    ENROLLMENT_LOCKED,
    /** The region's flow requires identity confirmation before enrolling. */
    IDENTITY_NOT_CONFIRMED,
    /** The region's flow requires a bound mobile number before enrolling. */
    MOBILE_NOT_BOUND,
    /** A department-commissioned major: enrolled and paid through a group enrollment point only. */
    GROUP_ONLY,
    /** The region is installed but out of service (e.g. its configuration was refused); health says why. */
    REGION_OUT_OF_SERVICE,
    /** No payment gateway of that name is installed. */
    PAYMENT_GATEWAY_NOT_FOUND,
    /** A payment callback was refused: its signature does not hold (forged or tampered) or it is malformed; nothing was recorded. */
    PAYMENT_CALLBACK_REFUSED,
    /** The enrollment is not paid (yet): what needs payment (e.g. the confirmation) is not available. */
    ENROLLMENT_NOT_PAID,
    /** The region's payment gateway cannot be reached (or none may serve now); nothing was charged, try again. */
    PAYMENT_GATEWAY_UNAVAILABLE,
    /** The seat allocation of this sitting and exam area is published: it can no longer be run again. */
    SEAT_ALLOCATION_PUBLISHED,
    /** No seat allocation of this sitting and exam area (allocate first). */
    SEAT_ALLOCATION_NOT_FOUND,
    /** The exam area's rooms in use cannot seat every course enrollment (by the region's seating policy); nothing changed. */
    SEATS_INSUFFICIENT,
    /** No such exam room in the exam area. */
    ROOM_NOT_FOUND,
    /** The admission notice is not available yet: before the region's notice date, or the seats are not published. */
    ADMISSION_NOTICE_NOT_AVAILABLE,
    /** No admission notice has this verification code (one answer for forged, malformed and unknown codes). */
    ADMISSION_NOTICE_NOT_FOUND,
    /** A score that is not a whole number 0-100, or not a grade the course's grading takes. */
    SCORE_OUT_OF_RANGE,
    /** A course that the candidate's paid enrollment of the sitting does not hold. */
    COURSE_NOT_ENROLLED,
    /** A row repeated in an imported file (the same ticket number and course on an earlier line). */
    DUPLICATE_ROW,
    /** No score matches (the public lookup: the same answer for every mismatch; a re-check of a course without a score). */
    SCORE_NOT_FOUND,
    /** The sitting's scores are not published yet (the region's publication date, region time). */
    SCORES_NOT_PUBLISHED,
    /** The sitting's scores are published: an import can no longer replace them (only a re-check corrects a score). */
    SCORES_PUBLISHED,
    /** Outside the region's re-check window (so many working days from publication). */
    RECHECK_CLOSED
}
