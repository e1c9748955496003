package org.kaowu.api.rules;

import java.util.List;

import org.kaowu.api.LocalizedText;
import org.kaowu.api.RegistrationStatus;

/**
 * One step of a region's registration flow: who acts, which fields the step requires, and the status the
 * candidate's record has once the step is done.
 */
public record RegistrationStep(String code, Kind kind, LocalizedText names, Actor actor, List<String> requiredFields,
        RegistrationStatus statusAfter) {
    public RegistrationStep {
        Check.code(code, "step code");
        Check.present(kind, "step kind");
        Check.present(names, "step names");
        Check.present(actor, "step actor");
        requiredFields = Check.list(requiredFields, "step requiredFields");
        Check.present(statusAfter, "step statusAfter");
    }

    /** What happens in the step. */
    public enum Kind {
        /** The candidate creates the record (注册). */
        REGISTER,
        /** The candidate creates a record that stays pre-registered until confirmed (预注册). */
        PRE_REGISTER,
        /** A returning candidate finds the record on file and completes it. */
        CONFIRM_RECORD,
        /** A candidate holding several ticket numbers chooses the one to keep. */
        CHOOSE_TICKET_NUMBER,
        /** An office approves or rejects the registration. */
        OFFICE_APPROVAL,
        /** The candidate binds a mobile number with an SMS code. */
        MOBILE_BINDING,
        /** Prior education is verified (associate-to-bachelor majors). */
        PRIOR_EDUCATION_CHECK,
        /** Identity confirmation by one of the region's {@link ConfirmationMethod}s. */
        IDENTITY_CONFIRMATION
    }

    /** Who performs the step. */
    public enum Actor {
        CANDIDATE,
        OFFICE,
        ASSISTANCE_UNIT
    }
}
