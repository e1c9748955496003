package org.kaowu.store.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.kaowu.api.RegionReleases;
import org.kaowu.api.StaffRole;

/**
 * {@link RegionReleases} over the region_release table (native SQL, one row per region and bundle
 * version; its primary key decides between two nodes recording the same version at once) and counts of
 * the codes candidates and staff accounts name, grouped in the database.
 */
final class JpaRegionReleases implements RegionReleases {
    private final Transactions transactions;

    JpaRegionReleases(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<String> digest(String region, String bundleVersion) {
        return transactions.outside(em -> em.createNativeQuery(
                        "SELECT data_digest FROM region_release WHERE region_code = ? AND bundle_version = ?")
                .setParameter(1, region).setParameter(2, bundleVersion).getResultList().stream()
                .map(String::valueOf).findFirst());
    }

    @Override
    public String record(String region, String bundleVersion, String bundle, String digest, Instant at) {
        Optional<String> known = digest(region, bundleVersion);
        if (known.isPresent()) {
            return known.get();
        }
        try {
            transactions.inTransaction(em -> em.createNativeQuery("INSERT INTO region_release (region_code, bundle_version, bundle, "
                            + "data_digest, first_served_at) VALUES (?, ?, ?, ?, ?)")
                    .setParameter(1, region).setParameter(2, bundleVersion).setParameter(3, bundle).setParameter(4, digest)
                    .setParameter(5, Timestamp.valueOf(LocalDateTime.ofInstant(at, ZoneOffset.UTC))).executeUpdate());
            return digest;
        } catch (RuntimeException e) {
            if (!Transactions.isUniqueViolation(e)) {
                throw e;
            }
            // another node recorded the version first: its digest is the one on record
            return digest(region, bundleVersion).orElseThrow(() -> e);
        }
    }

    @Override
    public List<Reference> referencesOutside(String region, Set<String> offices, Set<String> examAreas, Set<String> assistanceUnits) {
        return transactions.outside(em -> {
            Map<String, long[]> byOffice = new TreeMap<>();
            Map<String, long[]> byUnit = new TreeMap<>();
            for (Object row : em.createQuery("SELECT c.officeCode, COUNT(c) FROM CandidateEntity c WHERE c.regionCode = :r "
                    + "GROUP BY c.officeCode").setParameter("r", region).getResultList()) {
                Object[] r = (Object[]) row;
                byOffice.computeIfAbsent((String) r[0], k -> new long[2])[0] += ((Number) r[1]).longValue();
            }
            for (Object row : em.createQuery("SELECT c.assistanceUnit, COUNT(c) FROM CandidateEntity c WHERE c.regionCode = :r "
                    + "AND c.assistanceUnit IS NOT NULL GROUP BY c.assistanceUnit").setParameter("r", region).getResultList()) {
                Object[] r = (Object[]) row;
                byUnit.computeIfAbsent((String) r[0], k -> new long[2])[0] += ((Number) r[1]).longValue();
            }
            for (Object row : em.createQuery("SELECT s.role, s.officeCode, COUNT(s) FROM StaffEntity s WHERE s.regionCode = :r "
                    + "AND s.officeCode IS NOT NULL GROUP BY s.role, s.officeCode").setParameter("r", region).getResultList()) {
                Object[] r = (Object[]) row;
                Map<String, long[]> target = StaffRole.ASSISTANCE_UNIT.name().equals(r[0]) ? byUnit : byOffice;
                target.computeIfAbsent((String) r[1], k -> new long[2])[1] += ((Number) r[2]).longValue();
            }
            List<Reference> outside = new ArrayList<>();
            byOffice.forEach((code, n) -> {
                if (!offices.contains(code)) {
                    outside.add(new Reference(Reference.Kind.OFFICE, code, n[0], n[1]));
                }
            });
            byUnit.forEach((code, n) -> {
                if (!assistanceUnits.contains(code)) {
                    outside.add(new Reference(Reference.Kind.ASSISTANCE_UNIT, code, n[0], n[1]));
                }
            });
            // No stored row names an exam area yet (enrollment will): nothing to count for examAreas.
            return List.copyOf(outside);
        });
    }
}
