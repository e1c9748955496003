package org.kaowu.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.kaowu.api.rules.ConfirmationMethod;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What staff do: log in, find candidates inside their scope, read a record (audited, it shows the full ID
 * number), approve or reject registrations, confirm identities on site with a photo, read the audit trail;
 * administrators create staff accounts. Every call checks role and scope; a refusal is FORBIDDEN and is
 * audited.
 */
@ProviderType
public interface OfficeDesk {
    /**
     * Logs in at a region: accounts of that region, and platform administrators (whose accounts span all
     * regions), may log in there; any other is INVALID_CREDENTIALS, the same answer as a wrong password.
     *
     * @throws KaowuException INVALID_CREDENTIALS, LOCKED_OUT, REGION_NOT_FOUND
     */
    SessionToken login(String region, String username, char[] password, String client);

    void logout(String token);

    StaffView whoAmI(String token);

    /**
     * @throws KaowuException FORBIDDEN unless a platform administrator, a province office creating staff below it in its region, or a
     *         city office creating the account of one of its counties
     */
    StaffView createStaff(String token, NewStaff staff);

    List<CandidateView> search(String token, String region, Optional<String> text, int limit);

    CandidateView read(String token, String region, UUID candidate);

    /** Office approval (审核): approve, or reject with a reason the candidate sees. */
    CandidateView review(String token, String region, UUID candidate, boolean approve, Optional<String> reason);

    /** On-site confirmation (or by an assistance unit, for its own candidates) with the captured photo. */
    CandidateView confirm(String token, String region, UUID candidate, ConfirmationMethod.Kind method, byte[] photo);

    /** A province office adds a record of its earlier system (one ticket number of one candidate). */
    void importRecordOnFile(String token, String region, String name, String idNumber, String ticketNumber, String office);

    /**
     * A province office imports a CSV file of records on file (UTF-8, with or without a byte-order mark; a
     * header row naming the columns {@code name}, {@code idNumber}, {@code ticketNumber}, {@code office}).
     * The file is checked whole (every field, the region's ticket-number rules, numbers repeated in the
     * file or already held in the region) and applied all or nothing in one transaction, audited.
     *
     * @return how many records were imported
     * @throws ImportRefusedException IMPORT_REFUSED listing every line at fault; nothing is applied
     */
    int importRecordsOnFile(String token, String region, java.io.InputStream csv);

    /**
     * An office in the candidate's scope (county, city or province office) starts a password reset for a
     * candidate who came in person and showed their identity document ({@code identityChecked} must be
     * true): a one-time code, expiring, for the staff member to hand over. Audited with the staff actor.
     *
     * @throws KaowuException FIELD_REQUIRED without the identity check, FORBIDDEN outside the scope
     */
    OfficePasswordReset startPasswordReset(String token, String region, UUID candidate, boolean identityChecked);

    /**
     * An office in the candidate's scope corrects the registration data (name, identity document) with a
     * mandatory reason; audited in the same transaction with before and after (ID numbers masked).
     *
     * @throws KaowuException FIELD_REQUIRED without a reason or a change, CANDIDATE_ALREADY_REGISTERED for
     *         another candidate's ID number, INVALID_ID_NUMBER, FORBIDDEN outside the scope
     */
    CandidateView correctRegistration(String token, String region, UUID candidate, RegistrationCorrection correction, String reason);

    /** Undoes a merge of ticket numbers: the merged number's record is on file again on its own. Audited. */
    CandidateView undoMerge(String token, String region, UUID candidate, UUID merge);

    /** The proof a candidate uploaded (audited): its media type and bytes. */
    Document educationProof(String token, String region, UUID candidate);

    /** Accepts the proof, or rejects it with a reason the candidate sees. */
    CandidateView reviewEducationProof(String token, String region, UUID candidate, boolean accept, Optional<String> reason);

    /** A document as stored: media type ("application/pdf", "image/jpeg") and content. */
    record Document(String mediaType, byte[] content) {
    }

    List<AuditEntry> audit(String token, String region, Optional<String> subject, int limit);
}
