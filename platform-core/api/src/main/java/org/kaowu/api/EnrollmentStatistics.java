package org.kaowu.api;

import java.math.BigDecimal;
import java.util.List;

/**
 * Enrollments of one sitting inside a staff member's scope, per exam area and course: how many candidates,
 * how many course enrollments (every status but EXPIRED), and the amounts paid (PAID enrollments' price,
 * divided evenly over their courses).
 */
public record EnrollmentStatistics(String region, String sitting, String currency, List<Row> rows) {
    public EnrollmentStatistics {
        rows = List.copyOf(rows);
    }

    public record Row(String examArea, String course, int candidates, int courseEnrollments, int paid, BigDecimal amountPaid) {
    }
}
