package org.kaowu.api;

/**
 * The identity documents a candidate may register with (RULES.md, seed 000).
 */
public enum IdentityDocumentType {
    /** 居民身份证: 18 characters, GB 11643 check digit. */
    RESIDENT_ID,
    /** 户口簿: for candidates under 18; carries the same 18-character resident ID number. */
    HOUSEHOLD_REGISTER,
    /** 军官证 / 士兵证: officer or soldier card, e.g. "南字第1234567号". */
    MILITARY_ID
}
