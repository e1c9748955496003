package org.kaowu.api;

import java.util.Map;
import java.util.UUID;

import org.kaowu.api.rules.LoginIdentifier;
import org.kaowu.api.rules.Recovery;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A candidate's own account: login with the identifiers the region allows, the session, the record,
 * password change, the steps a candidate performs in the region's flow, and password recovery by the
 * region's channels. {@code client} is the caller's address, for throttling and audit.
 */
@ProviderType
public interface CandidateAccounts {
    /**
     * @throws KaowuException INVALID_CREDENTIALS (the same for an unknown login and a wrong password),
     *         LOCKED_OUT with a retry-after once too many attempts failed, even for the right password
     */
    SessionToken login(String region, String login, char[] password, String client);

    /** Ends the session: the token is refused from now on, on every node. */
    void logout(String region, String token);

    /** @throws KaowuException UNAUTHENTICATED */
    CandidateView me(String region, String token);

    /** @throws KaowuException VERIFICATION_FAILED when the old password is wrong; WEAK_PASSWORD; VALIDATION_FAILED when new and confirm differ */
    void changePassword(String region, String token, char[] oldPassword, char[] newPassword, char[] confirm);

    /**
     * Online identity confirmation: the images are checked by the region's photo rules, then by the
     * identity verifier; on success the flow advances (and the ticket is issued where the region says).
     *
     * @throws KaowuException IDENTITY_CHECK_FAILED (may be repeated), PHOTO_REJECTED, WRONG_STEP, NOT_OFFERED
     */
    CandidateView confirmOnline(String region, String token, byte[] idCardImage, byte[] faceImage, byte[] idPhoto);

    /** Sends a verification code by SMS to the candidate's mobile number (or a new one); returns the binding's id. */
    UUID startMobileBinding(String region, String token, java.util.Optional<String> mobile);

    /** @throws KaowuException VERIFICATION_FAILED for a wrong, used or expired code (after 5 wrong codes the binding is void) */
    CandidateView completeMobileBinding(String region, String token, UUID binding, String code);

    /**
     * An associate-to-bachelor candidate gives the major and the associate diploma number; the national
     * records are checked through the {@code PriorEducationVerifier} plugin.
     *
     * @throws KaowuException PRIOR_EDUCATION_NOT_VERIFIED (then proof may be uploaded), VALIDATION_FAILED for a major that needs no check
     */
    CandidateView checkPriorEducation(String region, String token, String major, String diplomaNumber);

    /** Uploads proof (PDF or JPEG, checked by content) after a failed check, for an office to review. */
    CandidateView submitEducationProof(String region, String token, byte[] document);

    /**
     * Starts a recovery: {@code identify} must hold the identifiers the region asks for. Answers the same
     * whether or not they matched a candidate (nothing is revealed; no message is sent when they did not).
     *
     * @throws KaowuException NOT_OFFERED for a channel the region does not offer
     */
    RecoveryStarted startRecovery(String region, Map<LoginIdentifier, String> identify, Recovery.Channel channel, String client);

    /**
     * Completes a recovery with the secret (e-mail link token, SMS code or security answer) and sets the new password.
     *
     * @throws KaowuException VERIFICATION_FAILED for a wrong, used or expired secret (the same answer for each)
     */
    void completeRecovery(String region, UUID recovery, String secret, char[] newPassword, char[] confirm);

    /**
     * A candidate whose registration an office rejected corrects the data the reason names and submits it
     * again: the registration goes back to the status of the region's first step (e.g. PENDING_REVIEW),
     * waiting for the same office step. Audited with before and after (ID numbers masked).
     *
     * @throws KaowuException WRONG_STEP unless the registration is REJECTED, CANDIDATE_ALREADY_REGISTERED,
     *         INVALID_ID_NUMBER, validation
     */
    CandidateView resubmit(String region, String token, RegistrationCorrection correction);
}
