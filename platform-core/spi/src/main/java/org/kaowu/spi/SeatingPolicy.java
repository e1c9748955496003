package org.kaowu.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How a region seats candidates in exam rooms (编排规则). Registered by a region or a policy plugin with
 * {@value org.kaowu.spi.RegionProperties#REGION}; the highest {@code service.ranking} wins. Without one the
 * core seats by {@link #STANDARD}: candidates of one course together, neighbours never sharing a course.
 */
@ConsumerType
public interface SeatingPolicy {
    /** The policy used where a region registers none: neighbours (consecutive seats of a room) never share a course. */
    SeatingPolicy STANDARD = () -> true;

    /**
     * Whether two neighbours (consecutive seat numbers of a room) must sit different courses: the rooms
     * then alternate courses, leaving a seat empty where no other course is left.
     */
    boolean neighboursShareNoCourse();
}
