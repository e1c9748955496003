package org.kaowu.store.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Row of table {@code candidate}. */
@Entity
@Table(name = "candidate")
public class CandidateEntity {
    @Id
    @Column(name = "id", length = 36)
    String id;
    @Column(name = "region_code", nullable = false)
    String regionCode;
    @Column(name = "full_name", nullable = false)
    String fullName;
    @Column(name = "id_type", nullable = false)
    String idType;
    /** The ID number, encrypted ({@link PersonalData}), and its keyed hash. */
    @Column(name = "id_number_enc", nullable = false)
    String idNumberEnc;
    @Column(name = "id_number_mac", nullable = false)
    String idNumberMac;
    @Column(name = "mobile_enc", nullable = false)
    String mobileEnc;
    @Column(name = "mobile_mac", nullable = false)
    String mobileMac;
    @Column(name = "email")
    String email;
    @Column(name = "password_hash", nullable = false)
    String passwordHash;
    @Column(name = "status", nullable = false)
    String status;
    @Column(name = "ticket_number")
    String ticketNumber;
    @Column(name = "office_code", nullable = false)
    String officeCode;
    @Column(name = "decided_by_bundle", nullable = false)
    String decidedByBundle;
    @Column(name = "decided_by_version", nullable = false)
    String decidedByVersion;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "next_step")
    String nextStep;
    @Column(name = "rejection_reason")
    String rejectionReason;
    @Column(name = "security_question")
    String securityQuestion;
    @Column(name = "security_answer_hash")
    String securityAnswerHash;
    @Column(name = "mobile_verified", nullable = false)
    boolean mobileVerified;
    @Column(name = "assistance_unit")
    String assistanceUnit;
    @Column(name = "confirmation_method")
    String confirmationMethod;
    @Column(name = "confirmed_by")
    String confirmedBy;
    @Column(name = "confirmed_at")
    Instant confirmedAt;
    @Column(name = "exam_language")
    String examLanguage;
    /** Which of EMAIL and MOBILE are login names of this candidate (rows of login_name), comma-separated. */
    @Column(name = "login_kinds")
    String loginKinds;
    @Column(name = "ticket_issued_by")
    String ticketIssuedBy;
    @Version
    @Column(name = "row_version", nullable = false)
    long rowVersion;
}
