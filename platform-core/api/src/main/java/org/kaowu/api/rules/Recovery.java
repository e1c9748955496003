package org.kaowu.api.rules;

import java.util.List;

/**
 * How a candidate recovers a forgotten password: what identifies them, then the channels offered in order
 * of preference.
 */
public record Recovery(List<LoginIdentifier> identifyBy, List<Channel> channels) {
    public Recovery {
        identifyBy = Check.nonEmpty(identifyBy, "recovery identifyBy");
        channels = Check.nonEmpty(channels, "recovery channels");
    }

    public enum Channel {
        SECURITY_QUESTION,
        EMAIL_LINK,
        SMS_CODE,
        IN_PERSON
    }
}
